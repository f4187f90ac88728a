namespace Eskalasi.Infrastructure;

/// <summary>
/// Headers on every answer (docs/security.md "Web"): a Content-Security-Policy that allows script only from this host
/// (no inline script: the app's own is <c>eskalasi.js</c>), no framing, no content sniffing, no referrer to other sites.
/// MudBlazor sets inline styles, so styles allow 'unsafe-inline'. The API reference page (/docs/api) runs the bundled
/// Scalar viewer, which needs inline script: it alone gets a looser policy, still without framing or other hosts.
/// </summary>
public static class SecurityHeaders
{
    public const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'{0}; frame-ancestors 'none'";

    private const string ReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    public static WebApplication UseSecurityHeaders(this WebApplication app, string? externalAuthority)
    {
        // The sign-in form of an external provider is on its host: forms may post there too.
        var policy = string.Format(Policy, string.IsNullOrWhiteSpace(externalAuthority) ? "" : " " + new Uri(externalAuthority).GetLeftPart(UriPartial.Authority));
        app.Use((http, next) =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/docs/api") ? ReferencePolicy : policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "geolocation=(self), camera=(), microphone=()";
            return next(http);
        });
        return app;
    }
}
