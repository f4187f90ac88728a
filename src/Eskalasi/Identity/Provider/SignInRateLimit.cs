using System.Threading.RateLimiting;
using Eskalasi.Infrastructure;
using Microsoft.AspNetCore.RateLimiting;

namespace Eskalasi.Identity.Provider;

/// <summary>
/// ASP.NET Core's rate limiter on the places that take passwords (the token endpoint and the sign-in page's post):
/// per client address, <c>Eskalasi:Auth:SignInRequestsPerMinute</c> (default 30) a minute, then 429 with Retry-After.
/// Per account, the directory's lockout does the rest.
/// </summary>
public static class SignInRateLimit
{
    public static IServiceCollection AddSignInRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("Eskalasi:Auth:SignInRequestsPerMinute", 30);
        return services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(ConnectEndpoints.SignInLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "-",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                await ConnectEndpoints.Locked(context.HttpContext, retryAfter, "Terlalu banyak percobaan masuk dari alamat ini.")
                    .ExecuteAsync(context.HttpContext);
            };
        });
    }
}
