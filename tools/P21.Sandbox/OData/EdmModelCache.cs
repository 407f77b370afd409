using Microsoft.OData.Edm;

using P21.Sandbox.Data;

namespace P21.Sandbox.OData;

/// <summary>
/// The EDM models of the two OData surfaces, built from the live SQLite schema and rebuilt after a column is added.
/// The es views are left out when <see cref="SandboxOptions.EnterpriseSearchViews"/> is off, as on a P21 without them.
/// </summary>
internal sealed class EdmModelCache(SandboxDatabase database, SandboxOptions options)
{
    public const string Namespace = "P21";
    private readonly Lock _gate = new();
    private (int Version, EdmModel Tables, EdmModel Views)? _models;

    public EdmModel Model(bool views)
    {
        lock (_gate)
        {
            if (_models is null || _models.Value.Version != database.SchemaVersion)
            {
                IReadOnlyDictionary<string, TableDef> schema = database.Schema;
                _models = (database.SchemaVersion,
                    Build(schema.Values.Where(static t => !TableCatalog.IsView(t.Name))),
                    Build(schema.Values.Where(t => TableCatalog.Views.ContainsKey(t.Name) || (options.EnterpriseSearchViews && TableCatalog.IsEsView(t.Name)))));
            }

            return views ? _models.Value.Views : _models.Value.Tables;
        }
    }

    private static EdmModel Build(IEnumerable<TableDef> tables)
    {
        var model = new EdmModel();
        var container = new EdmEntityContainer(Namespace, "Container");
        model.AddElement(container);
        foreach (TableDef table in tables)
        {
            var type = new EdmEntityType(Namespace, table.Name);
            foreach (ColumnDef column in table.Columns)
            {
                bool nullable = !table.Key.Contains(column.Name);
                IEdmTypeReference edmType = column.Kind switch
                {
                    ColumnKind.Int => EdmCoreModel.Instance.GetInt32(nullable),
                    ColumnKind.Decimal => EdmCoreModel.Instance.GetDecimal(19, 4, nullable),
                    ColumnKind.DateTime => EdmCoreModel.Instance.GetDateTimeOffset(nullable),
                    _ => EdmCoreModel.Instance.GetString(false, column.Length, true, nullable),
                };
                EdmStructuralProperty property = type.AddStructuralProperty(column.Name, edmType);
                if (!nullable)
                {
                    type.AddKeys(property);
                }
            }

            model.AddElement(type);
            container.AddEntitySet(table.Name, type);
        }

        return model;
    }
}
