using Eskalasi.Identity.Directory;
using Eskalasi.Identity.Provider;
using Eskalasi.Infrastructure;
using JasperFx.Events.Projections;
using Marten.Events.Projections;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Validation.AspNetCore;

namespace Eskalasi.Identity;

/// <summary>
/// Who is asking (docs/security.md). The API reads bearer tokens of the OpenID Connect provider (built in, or the
/// region's own); the web application signs in with the same provider (authorization code + PKCE) and keeps a session
/// cookie. Demo mode adds its picker and the demo tokens, and nothing of demo mode exists outside it.
/// </summary>
public static class IdentityConfiguration
{
    private const string CallerScheme = "eskalasi";
    public const string DemoBearerScheme = "demo-bearer";
    public const string WebSignInScheme = OpenIdConnectDefaults.AuthenticationScheme;

    /// <summary>A request to the API (or one carrying a bearer token): answered with problem details, never redirected.</summary>
    public static bool IsApi(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/api") || http.Request.Headers.Authorization.Count > 0;

    public static WebApplicationBuilder AddIdentity(this WebApplicationBuilder builder)
    {
        var demoMode = builder.Configuration.GetValue<bool>("Eskalasi:DemoMode");
        var auth = builder.Configuration.GetSection("Eskalasi:Auth").Get<AuthSettings>() ?? new AuthSettings();
        builder.Services.AddSingleton(auth);
        builder.Services.AddSingleton<AccountDirectory>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddTransient<IClaimsTransformation, AccountClaims>();
        builder.Services.ConfigureStore(o =>
        {
            o.Projections.Snapshot<AccountRecord>(SnapshotLifecycle.Inline);
            o.Schema.For<AccountRecord>().Index(a => a.Email!);
            o.Schema.For<AccountCredential>();
        });
        builder.Services.AddDeploymentDocument<ProviderKeyDocument>();

        var authentication = builder.Services
            .AddAuthentication(o =>
            {
                o.DefaultScheme = CallerScheme;
                o.DefaultChallengeScheme = CallerScheme;
            })
            // The API reads bearer tokens; the web application's pages read its session cookie (same claims).
            .AddPolicyScheme(CallerScheme, "Bearer token for the API, session cookie for the web application", o =>
                o.ForwardDefaultSelector = http => !IsApi(http) ? CookieAuthenticationDefaults.AuthenticationScheme
                    : demoMode && IsDemoToken(http) ? DemoBearerScheme
                    : OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);

        if (demoMode) AddDemoTokens(builder, authentication);
        if (auth.External)
        {
            builder.Services.AddOpenIddict().AddValidation(o =>
            {
                o.SetIssuer(auth.Authority!);
                o.UseSystemNetHttp();
                o.UseAspNetCore();
            });
        }
        else
        {
            builder.AddBuiltInProvider(auth);
        }

        var issuer = auth.External ? auth.Authority! : AuthSettings.IssuerOf(auth, builder.Configuration);
        authentication.AddOpenIdConnect(WebSignInScheme, o =>
        {
            o.Authority = issuer;
            o.ClientId = auth.External ? auth.ClientId : AuthSettings.WebClientId;
            o.ClientSecret = auth.External ? auth.ClientSecret : null;
            o.ResponseType = "code";
            o.UsePkce = true;
            // The code comes back by a redirect (not a cross-site form post), so the handler's cookies can stay SameSite=Lax
            // and work on plain http on loopback as well as behind a TLS proxy.
            o.ResponseMode = "query";
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.CallbackPath = ProviderConfiguration.RedirectPath;
            o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.MapInboundClaims = false;
            o.SaveTokens = false;
            o.RequireHttpsMetadata = issuer.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.Scope.Add("profile");
            o.Events.OnTokenValidated = async context =>
            {
                // Whatever the provider, the session is the directory's account (region, role, office as they are now).
                var directory = context.HttpContext.RequestServices.GetRequiredService<AccountDirectory>();
                var name = context.Principal?.FindFirst(auth.External ? auth.UserClaim : Claims.User)?.Value;
                var account = await directory.FindBySignInNameAsync(name, context.HttpContext.RequestAborted);
                if (account is null)
                {
                    context.Fail("No active account of the directory for this subject.");
                    return;
                }
                context.Principal = AccountClaims.PrincipalFor(account.ToAccount(DemoAccounts.RegionOf(account.User)),
                    CookieAuthenticationDefaults.AuthenticationScheme);
            };
            o.Events.OnRemoteFailure = context =>
            {
                context.HandleResponse();
                context.Response.Redirect("/masuk?gagal=1");
                return Task.CompletedTask;
            };
        });

        builder.Services.AddAuthorization();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        builder.Services.AddSignInRateLimit(builder.Configuration);
        return builder;
    }

    /// <summary>The demo sign-in's tokens: HS256 with the fixed demo key, accepted only in demo mode.</summary>
    private static void AddDemoTokens(WebApplicationBuilder builder, AuthenticationBuilder authentication)
    {
        var settings = builder.Configuration.GetSection("Eskalasi:Jwt").Get<JwtSettings>() ?? new JwtSettings();
        var key = TokenIssuer.DemoKey();
        builder.Services.AddSingleton(new TokenIssuer(settings, key));
        authentication.AddJwtBearer(DemoBearerScheme, o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = settings.Issuer,
                ValidAudience = settings.Audience,
                IssuerSigningKey = key,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                NameClaimType = Claims.User,
                RoleClaimType = Claims.Role,
                ClockSkew = TimeSpan.FromMinutes(1),
            };
        });
    }

    /// <summary>A demo token is a JWT signed with HS256; the provider's are RS256.</summary>
    private static bool IsDemoToken(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false;
        var token = header["Bearer ".Length..].Trim();
        if (token.Count(c => c == '.') != 2) return false;
        try
        {
            return new JsonWebToken(token).Alg == SecurityAlgorithms.HmacSha256;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>401 and 403 from the authorization middleware as problem details (403 names the rule <c>role</c>).</summary>
public sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        // A valid cookie or token of an account the directory no longer lets in (AccountClaims made it nobody): not
        // signed in (401, or the sign-in page), not "signed in without the right".
        if (authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated != true)
        {
            if (!IdentityConfiguration.IsApi(context)) await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            authorizeResult = PolicyAuthorizationResult.Challenge();
        }
        if (!IdentityConfiguration.IsApi(context))
        {
            await _default.HandleAsync(next, context, policy, authorizeResult); // pages: to /masuk, or 403
            return;
        }
        if (authorizeResult.Challenged)
        {
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Problems.ToResult(Problems.Create(401,
                    "Masuk dahulu: kirim token Bearer yang sah di header Authorization."))
                .ExecuteAsync(context);
            return;
        }
        if (authorizeResult.Forbidden)
        {
            await Problems.ToResult(Problems.Create(403,
                    $"Peran '{context.User.Role()}' tidak boleh melakukan ini.", "role"))
                .ExecuteAsync(context);
            return;
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
