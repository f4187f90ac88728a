namespace Eskalasi.Identity.Provider;

/// <summary>
/// <c>Eskalasi:Auth</c>: where sign-in happens. Without an <see cref="Authority"/> the service is its own OpenID Connect
/// provider (built in); with one, people sign in at the region's provider (e.g. the province's Keycloak) and the
/// service only checks what that provider says, by the same code path (docs/security.md).
/// </summary>
public sealed class AuthSettings
{
    public const string WebClientId = "eskalasi-web";
    public const string CliClientId = "eskalasi-cli";
    public const string ApiAudience = "eskalasi-api";

    /// <summary>An external provider's issuer URL; empty for the built-in provider.</summary>
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    /// <summary>Which claim of the external provider names the account: its full name (<c>region/user</c>) or its e-mail.</summary>
    public string UserClaim { get; set; } = "preferred_username";
    /// <summary>The address people and the service itself reach this service at (the built-in provider's issuer).</summary>
    public string? PublicUrl { get; set; }
    /// <summary>The password grant of the public client <c>eskalasi-cli</c> at <c>/connect/token</c>: off unless asked for.</summary>
    public bool AllowPasswordGrant { get; set; }
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public bool External => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>The built-in provider's issuer: the configured public URL, else the first address the service listens on.</summary>
    public static string IssuerOf(AuthSettings settings, IConfiguration configuration)
    {
        var url = settings.PublicUrl;
        if (string.IsNullOrWhiteSpace(url))
        {
            url = (configuration["urls"] ?? Infrastructure.ServiceBasics.DefaultUrl).Split(';')[0];
            url = url.Replace("://0.0.0.0", "://localhost").Replace("://*", "://localhost").Replace("://+", "://localhost").Replace("://[::]", "://localhost");
        }
        return url.TrimEnd('/') + "/";
    }
}
