using Eskalasi.Infrastructure;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.IdentityModel.Tokens;

namespace Eskalasi.Identity;

public static class IdentityConfiguration
{
    private const string CallerScheme = "eskalasi";

    /// <summary>A request to the API (or one carrying a bearer token): answered with problem details, never redirected.</summary>
    public static bool IsApi(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/api") || http.Request.Headers.Authorization.Count > 0;

    public static WebApplicationBuilder AddIdentity(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection("Eskalasi:Jwt").Get<JwtSettings>() ?? new JwtSettings();
        var demoMode = builder.Configuration.GetValue<bool>("Eskalasi:DemoMode");
        using var loggerFactory = LoggerFactory.Create(l => l.AddConsole());
        var key = TokenIssuer.KeyFor(settings, demoMode, loggerFactory.CreateLogger("Eskalasi.Identity"));

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(new TokenIssuer(settings, key));
        builder.Services
            .AddAuthentication(o =>
            {
                o.DefaultScheme = CallerScheme;
                o.DefaultChallengeScheme = CallerScheme;
            })
            // The API reads bearer tokens; the web application's pages read its session cookie (same claims).
            .AddPolicyScheme(CallerScheme, "Bearer token for the API, session cookie for the web application", o =>
                o.ForwardDefaultSelector = http => IsApi(http) ? JwtBearerDefaults.AuthenticationScheme : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = settings.Issuer,
                    ValidAudience = settings.Audience,
                    IssuerSigningKey = key,
                    NameClaimType = Claims.User,
                    RoleClaimType = Claims.Role,
                    ClockSkew = TimeSpan.FromMinutes(1),
                };
            });
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        return builder;
    }
}

/// <summary>401 and 403 from the authorization middleware as problem details (403 names the rule <c>role</c>).</summary>
public sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
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
