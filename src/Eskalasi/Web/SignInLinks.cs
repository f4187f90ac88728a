namespace Eskalasi.Web;

public static class SignInLinks
{
    /// <summary>A path of this host, never another site (no scheme, no "//" or "/\\" that a browser reads as one).</summary>
    public static string? LocalPath(string? path) =>
        path is { Length: > 0 } && path[0] == '/' && !path.StartsWith("//") && !path.StartsWith("/\\") ? path : null;
}
