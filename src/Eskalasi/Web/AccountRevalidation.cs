using System.Security.Claims;
using Eskalasi.Identity;
using Eskalasi.Identity.Directory;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Eskalasi.Web;

/// <summary>
/// An open interactive page keeps the user it started with; every 30 seconds it asks the directory again, so a
/// deactivated account's open screens stop working within a minute too (its next request is refused anyway).
/// </summary>
public sealed class AccountRevalidation(ILoggerFactory loggers, AccountDirectory directory, IConfiguration configuration)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => AccountDirectory.StatusKeptFor;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct)
    {
        var user = state.User;
        if (user.Identity?.IsAuthenticated != true) return true;
        if (user.Region() is not { } region || user.FindFirstValue(Claims.User) is not { } name) return false;
        var active = await directory.IsActiveAsync(region, name, ct);
        return active == true || (active is null && configuration.GetValue<bool>("Eskalasi:DemoMode"));
    }
}
