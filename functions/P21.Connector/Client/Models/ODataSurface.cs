namespace P21.Connector.Client.Models;

/// <summary>Which OData v4 path of the P21 middleware a query reads: base tables or SQL views.</summary>
/// <remarks>The two paths split the database; asking the wrong one answers an empty 404.</remarks>
public enum ODataSurface
{
    /// <summary><c>/odataservice/odata/table/{name}</c>.</summary>
    Table,

    /// <summary><c>/odataservice/odata/view/{name}</c> (e.g. <c>p21_view_es_customer</c>).</summary>
    View,
}
