namespace P21.Sandbox.Rest;

/// <summary>P21's REST families want the collection URL with a trailing slash and answer 307 without it.</summary>
internal static class TrailingSlash
{
    public static IResult? RedirectIfMissing(HttpContext context)
    {
        string path = context.Request.Path.Value ?? string.Empty;
        return path.EndsWith('/') ? null : Results.Redirect(path + "/" + context.Request.QueryString, permanent: false, preserveMethod: true);
    }
}
