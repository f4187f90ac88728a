using Eskalasi.Identity.Directory;
using Microsoft.AspNetCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Eskalasi.Identity.Provider;

/// <summary>
/// The built-in OpenID Connect provider (OpenIddict's server, without a client database: the two clients are fixed
/// here). <c>eskalasi-web</c> is the web application (authorization code + PKCE, to this host's <c>/signin-oidc</c>);
/// <c>eskalasi-cli</c> is for scripts, the password grant only when <see cref="AuthSettings.AllowPasswordGrant"/>.
/// </summary>
public static class ProviderConfiguration
{
    public const string SessionScheme = "eskalasi-provider";
    public const string RedirectPath = "/signin-oidc";

    public static void AddBuiltInProvider(this WebApplicationBuilder builder, AuthSettings settings)
    {
        var issuer = AuthSettings.IssuerOf(settings, builder.Configuration);
        // The keys are read (or made) while the host starts, before any request: OpenIddict's options are built once and
        // .NET caches a failure to build them, so reading the database there during an outage would break sign-in for good.
        builder.Services.AddSingleton<ProviderKeys>();
        builder.Services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>>(sp => sp.GetRequiredService<ProviderKeys>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ProviderKeys>());
        // The provider's own session (who has typed their password here): separate from the web application's session.
        builder.Services.AddAuthentication().AddCookie(SessionScheme, o =>
        {
            o.Cookie.Name = "eskalasi.masuk";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.LoginPath = "/masuk/sandi";
        });

        builder.Services.AddOpenIddict()
            .AddServer(o =>
            {
                o.SetIssuer(new Uri(issuer));
                o.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetEndSessionEndpointUris("connect/logout");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                if (settings.AllowPasswordGrant) o.AllowPasswordFlow();
                o.RegisterScopes(OpenIddictConstants.Scopes.OpenId, OpenIddictConstants.Scopes.Profile);
                o.SetAccessTokenLifetime(settings.AccessTokenLifetime);
                // Access tokens are signed JWTs (as an external provider's are), checkable by anyone with the published
                // keys; they carry no secret. Codes stay encrypted.
                o.DisableAccessTokenEncryption();
                o.SetAuthorizationCodeLifetime(TimeSpan.FromMinutes(2));
                // No client or token database: the clients are checked by the handlers below, tokens are self-contained.
                o.EnableDegradedMode();
                o.DisableTokenStorage();
                o.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    // Served behind a TLS-terminating proxy, or on loopback for trying it (docs/security.md).
                    .DisableTransportSecurityRequirement();
                o.AddEventHandler<ValidateAuthorizationRequestContext>(h => h.UseInlineHandler(CheckAuthorizationRequest));
                o.AddEventHandler<ValidateTokenRequestContext>(h => h.UseInlineHandler(CheckTokenRequest));
                o.AddEventHandler<ValidateEndSessionRequestContext>(h => h.UseInlineHandler(CheckEndSessionRequest));
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.AddAudiences(AuthSettings.ApiAudience);
                o.UseAspNetCore();
            });
    }

    /// <summary>Only the web application asks for codes, and only to a <c>/signin-oidc</c> of the host it was asked on.</summary>
    private static ValueTask CheckAuthorizationRequest(ValidateAuthorizationRequestContext context)
    {
        if (context.ClientId != AuthSettings.WebClientId)
        {
            context.Reject(OpenIddictConstants.Errors.InvalidClient, "Klien tidak dikenal.");
            return default;
        }
        var request = context.Transaction.GetHttpRequest();
        if (!Uri.TryCreate(context.RedirectUri, UriKind.Absolute, out var redirect) || request is null
            || redirect.AbsolutePath != RedirectPath || !string.IsNullOrEmpty(redirect.Query)
            || !string.Equals(redirect.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            context.Reject(OpenIddictConstants.Errors.InvalidRequest, "Alamat kembali (redirect_uri) tidak diizinkan.");
            return default;
        }
        return default;
    }

    private static ValueTask CheckTokenRequest(ValidateTokenRequestContext context)
    {
        var allowed = context.Request.IsAuthorizationCodeGrantType() ? AuthSettings.WebClientId
            : context.Request.IsPasswordGrantType() ? AuthSettings.CliClientId
            : null;
        if (allowed is null || context.ClientId != allowed)
            context.Reject(OpenIddictConstants.Errors.InvalidClient, "Klien tidak dikenal untuk jenis permintaan ini.");
        return default;
    }

    private static ValueTask CheckEndSessionRequest(ValidateEndSessionRequestContext context)
    {
        var request = context.Transaction.GetHttpRequest();
        if (context.PostLogoutRedirectUri is { } uri && (!Uri.TryCreate(uri, UriKind.Absolute, out var back) || request is null
                || !string.Equals(back.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)))
            context.Reject(OpenIddictConstants.Errors.InvalidRequest, "Alamat kembali tidak diizinkan.");
        return default;
    }
}
