using System.Text.Json;

using P21.Connector.Poll.Schema;

namespace P21.Cli.Tests;

public sealed class SchemaDiffTests
{
    private static SchemaDocument Doc(params TableSchema[] tables) => new(1, "c", DateTimeOffset.UnixEpoch, tables);

    [Fact]
    public void Compare_AddedRemovedRetyped_ReportsEachOnce()
    {
        SchemaDocument before = Doc(
            new TableSchema("customer", ["customer_id"], [new("customer_id", "Edm.Decimal", null, false), new("fax", "Edm.String", 20, true), new("credit_limit", "Edm.Decimal", null, true)]),
            new TableSchema("old_table", [], []));
        SchemaDocument after = Doc(
            new TableSchema("CUSTOMER", ["customer_id"], [new("customer_id", "Edm.Decimal", null, false), new("credit_limit", "Edm.String", 20, true), new("web_flag", "Edm.String", 1, true)]),
            new TableSchema("customer_ud", [], []));

        IReadOnlyList<SchemaChange> changes = SchemaDiff.Compare(before, after);

        Assert.Equal(
            ["customer.fax removed (was Edm.String(20))", "customer.credit_limit retyped: Edm.Decimal → Edm.String(20)", "customer.web_flag added (Edm.String(1))", "customer_ud: table added", "old_table: table removed"],
            changes.Select(c => c.ToString()));
    }

    [Fact]
    public void Compare_Same_IsEmpty_AndNullabilityIsNotDrift()
    {
        var column = new ColumnSchema("a", "Edm.String", 5, true);
        Assert.Empty(SchemaDiff.Compare(Doc(new TableSchema("t", [], [column])), Doc(new TableSchema("t", [], [column with { Nullable = false }]))));
    }

    [Fact]
    public void CsdlReader_DefaultsAndAliases_FollowJsonCsdl()
    {
        using var csdl = JsonDocument.Parse("""
            {"$Version":"4.0","$EntityContainer":"P21.Container",
             "P21":{"$Alias":"p",
               "customer":{"$Kind":"EntityType","$Key":["customer_id"],"customer_id":{"$Type":"Edm.Decimal"},"name":{"$MaxLength":50,"$Nullable":true},"nav":{"$Kind":"NavigationProperty","$Type":"p.x"}},
               "Container":{"$Kind":"EntityContainer","customer":{"$Collection":true,"$Type":"p.customer"}}}}
            """);

        TableSchema table = Assert.Single(CsdlSchemaReader.Read(csdl));

        Assert.Equal("customer", table.Name);
        Assert.Equal(["customer_id"], table.Key);
        Assert.Equal([new ColumnSchema("customer_id", "Edm.Decimal", null, false), new ColumnSchema("name", "Edm.String", 50, true)], table.Columns);
    }

    [Fact]
    public void CsdlReader_NotCsdl_SaysSo()
    {
        using var json = JsonDocument.Parse("{\"value\":[]}");
        Assert.Contains("not JSON CSDL", Assert.Throws<FormatException>(() => CsdlSchemaReader.Read(json)).Message);
    }

    [Fact]
    public void Snapshots_RoundTrip_AndRefuseNewerFormats()
    {
        SchemaDocument doc = Doc(new TableSchema("t", ["k"], [new("k", "Edm.Int32", null, false)]));
        SchemaDocument back = SchemaSnapshots.Parse(SchemaSnapshots.Serialize(doc));

        Assert.Empty(SchemaDiff.Compare(doc, back));
        Assert.Contains("format 2", Assert.Throws<FormatException>(() => SchemaSnapshots.Parse(SchemaSnapshots.Serialize(doc with { FormatVersion = 2 }))).Message);
    }
}
