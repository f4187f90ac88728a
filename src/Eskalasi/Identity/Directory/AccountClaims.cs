using System.Security.Claims;
using Eskalasi.Identity.Provider;
using Microsoft.AspNetCore.Authentication;

namespace Eskalasi.Identity.Directory;

/// <summary>
/// Every signed-in request, whatever proved it (session cookie, built-in or external token, demo token), is checked
/// against the directory here: a deactivated account stops working within <see cref="AccountDirectory.StatusKeptFor"/>;
/// an external provider's subject becomes the directory's account (its region, role and office); outside demo mode an
/// account the directory does not know is nobody.
/// </summary>
public sealed class AccountClaims(AccountDirectory directory, AuthSettings settings, IConfiguration configuration, IHttpContextAccessor http) : IClaimsTransformation
{
    private static readonly ClaimsPrincipal Nobody = new(new ClaimsIdentity());

    /// <remarks>
    /// Runs on every authentication of a request (possibly more than once); the directory keeps each account's state
    /// for <see cref="AccountDirectory.StatusKeptFor"/>, so a repeat costs a dictionary look-up. Nothing is stored in the
    /// principal: a session cookie must be checked again on its next request, not carry a mark that it once was.
    /// </remarks>
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return principal;
        var ct = http.HttpContext?.RequestAborted ?? CancellationToken.None;
        var region = principal.Region();
        if (region is null)
        {
            // An external provider's access token: the account its configured claim names.
            var account = await directory.FindBySignInNameAsync(principal.FindFirstValue(settings.UserClaim), ct);
            return account is null ? Nobody : PrincipalFor(account.ToAccount(DemoAccounts.RegionOf(account.User)), principal.Identity.AuthenticationType);
        }
        var user = principal.FindFirstValue(Claims.User);
        if (user is null || DemoAccounts.RegionOf(user) != region) return Nobody;
        var active = await directory.IsActiveAsync(region, user, ct);
        return active == false || (active is null && !configuration.GetValue<bool>("Eskalasi:DemoMode")) ? Nobody : principal;
    }

    /// <summary>The claims the service reads (user, region, role, office), as tokens and the session carry them.</summary>
    public static ClaimsPrincipal PrincipalFor(Account account, string? authenticationType)
    {
        var claims = new List<Claim> { new(Claims.User, account.User), new(Claims.Region, account.Region), new(Claims.Role, account.Role) };
        if (account.Office is not null) claims.Add(new Claim(Claims.Office, account.Office));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType ?? "eskalasi", Claims.User, Claims.Role));
    }
}
