using System.ComponentModel.DataAnnotations;

using P21.Sandbox.Auth;
using P21.Sandbox.Data;

namespace P21.Sandbox;

/// <summary>Builds the sandbox web application; shared by <see cref="SandboxHost"/> and Program so both behave alike.</summary>
internal static class SandboxApplication
{
    public static async Task<WebApplication> BuildAsync(WebApplicationBuilder builder, SandboxOptions options, CancellationToken cancellationToken)
    {
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);

        var clock = new SandboxClock(options.TimeProvider, options.UtcOffset);
        var database = new SandboxDatabase(options, clock);
        await database.InitializeAsync(options, cancellationToken);

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton<SandboxFaults>();
        builder.Services.AddSingleton<SandboxStats>();
        builder.Services.AddSingleton<SandboxPermissions>();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<OData.EdmModelCache>();
        builder.Services.AddSingleton<Transactions.TransactionProcessor>();
        builder.Services.AddSingleton<Transactions.AsyncTransactionQueue>();
        builder.Services.AddSingleton<Business.OrderWriter>();
        builder.Services.AddSingleton<Business.ShipmentWriter>();

        WebApplication app = builder.Build();

        // The database is created before the container, so the container will not dispose it.
        app.Lifetime.ApplicationStopped.Register(() => database.DisposeAsync().AsTask().GetAwaiter().GetResult());
        app.UseMiddleware<FaultGate>();
        app.UseMiddleware<BearerGate>();

        TokenEndpoints.Map(app);
        RouterEndpoints.Map(app);
        OData.ODataEndpoints.Map(app);
        OData.DataServicesEndpoints.Map(app);
        Transactions.TransactionEndpoints.Map(app);
        Rest.GlEndpoints.Map(app);
        Rest.SalesOrderEndpoints.Map(app);
        Rest.InventoryPartEndpoints.Map(app);
        Rest.PartPriceEndpoints.Map(app);
        Rest.EntityEndpoints.Map(app);
        Rest.UserDefinedFieldEndpoints.Map(app);
        Control.ControlEndpoints.Map(app);
        Control.PermissionEndpoints.Map(app);
        return app;
    }
}
