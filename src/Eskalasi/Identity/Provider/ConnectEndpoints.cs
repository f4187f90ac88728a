using System.Security.Claims;
using Eskalasi.Identity.Directory;
using Eskalasi.Infrastructure;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Eskalasi.Identity.Provider;

/// <summary>The built-in provider's two protocol endpoints: where a browser gets a code, and where codes and passwords become tokens.</summary>
public static class ConnectEndpoints
{
    public const string SignInLimit = "sign-in";

    public static void MapConnectEndpoints(this WebApplication app)
    {
        app.MapGet("/connect/authorize", Authorize).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/connect/token", Token).AllowAnonymous().RequireRateLimiting(SignInLimit).ExcludeFromDescription();
    }

    /// <summary>A browser with a provider session gets a code for the web application; one without is sent to the password page.</summary>
    private static async Task<IResult> Authorize(HttpContext http, AccountDirectory directory)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await http.AuthenticateAsync(ProviderConfiguration.SessionScheme);
        var account = session.Succeeded ? await ActiveAccountAsync(directory, session.Principal!.FindFirstValue(OpenIddictConstants.Claims.Subject), http.RequestAborted) : null;
        if (account is null)
        {
            if (session.Succeeded) await http.SignOutAsync(ProviderConfiguration.SessionScheme);
            return Results.Challenge(new AuthenticationProperties { RedirectUri = http.Request.Path + http.Request.QueryString },
                [ProviderConfiguration.SessionScheme]);
        }
        return SignIn(account, request.GetScopes());
    }

    /// <summary>
    /// The token endpoint: an authorization code of the web application (the account must still be active), or, when
    /// allowed, a password of <c>eskalasi-cli</c>. A locked account answers 429 with Retry-After.
    /// </summary>
    private static async Task<IResult> Token(HttpContext http, AccountDirectory directory)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.IsAuthorizationCodeGrantType())
        {
            var code = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var account = await ActiveAccountAsync(directory, code.Principal?.FindFirstValue(OpenIddictConstants.Claims.Subject), http.RequestAborted);
            return account is null ? Refuse("Akun ini tidak aktif lagi.") : SignIn(account, code.Principal!.GetScopes());
        }
        if (request.IsPasswordGrantType())
        {
            var attempt = await directory.SignInAsync(request.Username, request.Password, http.RequestAborted);
            return attempt.Outcome switch
            {
                SignInOutcome.Succeeded => SignIn(attempt.Account!, request.GetScopes()),
                SignInOutcome.LockedOut => Locked(http, attempt.RetryAfter),
                _ => Refuse("Nama akun atau kata sandi salah."),
            };
        }
        return Refuse("Jenis permintaan ini tidak didukung.", Errors.UnsupportedGrantType);
    }

    /// <summary>429 with Retry-After (whole seconds), as problem details naming the rule <c>sign-in.locked</c>.</summary>
    public static IResult Locked(HttpContext http, TimeSpan retryAfter,
        string why = "Terlalu banyak percobaan masuk yang gagal; akun dikunci sementara.")
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problems.ToResult(Problems.Create(429, $"{why} Coba lagi dalam {Math.Ceiling(seconds / 60.0)} menit.", "sign-in.locked"));
    }

    private static async Task<AccountRecord?> ActiveAccountAsync(AccountDirectory directory, string? user, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(user) || !user.Contains('/')) return null;
        var account = await directory.FindAsync(DemoAccounts.RegionOf(user), user, ct);
        return account is { Active: true } ? account : null;
    }

    private static IResult SignIn(AccountRecord account, IEnumerable<string> scopes) =>
        SignIn(account.ToAccount(DemoAccounts.RegionOf(account.User)), scopes);

    private static IResult SignIn(Account account, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Identity.Claims.User, Identity.Claims.Role);
        identity.SetClaim(OpenIddictConstants.Claims.Subject, account.User)
            .SetClaim(Identity.Claims.Region, account.Region)
            .SetClaim(Identity.Claims.Role, account.Role);
        if (account.Office is not null) identity.SetClaim(Identity.Claims.Office, account.Office);
        identity.SetScopes(scopes.Intersect([Scopes.OpenId, Scopes.Profile]));
        identity.SetResources(AuthSettings.ApiAudience);
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Refuse(string description, string error = Errors.InvalidGrant) =>
        Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
