using System.Text.Json;
using System.Text.Json.Nodes;

namespace P21.Sandbox.Control;

/// <summary>/_sandbox/permissions: which tables the API user may not read (P21's Dataservice permission, per table).</summary>
internal static class PermissionEndpoints
{
    public static void Map(WebApplication app)
    {
        RouteGroupBuilder group = app.MapGroup("/_sandbox/permissions");
        group.MapGet("", static (SandboxPermissions permissions) => Json(Node(permissions)));
        group.MapPut("", PutAsync);
    }

    private static async Task<IResult> PutAsync(HttpContext context, SandboxPermissions permissions)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body is not JsonObject { } o || o["deniedTables"] is not JsonArray tables || tables.Any(t => t?.GetValueKind() != JsonValueKind.String))
        {
            return Json(new JsonObject { ["error"] = "Body must be {\"deniedTables\": [\"table\", ...]} (an empty array allows every table)." }, StatusCodes.Status400BadRequest);
        }

        permissions.Deny(tables.Select(t => t!.GetValue<string>()));
        return Json(Node(permissions));
    }

    private static JsonObject Node(SandboxPermissions permissions) => new()
    {
        ["deniedTables"] = new JsonArray([.. permissions.DeniedTables.Select(t => (JsonNode?)JsonValue.Create(t))]),
    };

    private static IResult Json(JsonNode node, int status = StatusCodes.Status200OK) => Results.Text(node.ToJsonString(), "application/json", statusCode: status);
}
