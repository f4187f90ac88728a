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
public sealed class AccountClaims(AccountDirectory directory, AuthSettings settings, IConfiguration configuration, IHttpContextAccessor http,
    Organisation.RegionDirectory regions, TimeProvider clock) : IClaimsTransformation
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
        var (active, acting) = await directory.StateAsync(region, user, ct);
        if (active == false || (active is null && !configuration.GetValue<bool>("Eskalasi:DemoMode"))) return Nobody;
        return acting.Count == 0 ? principal : await ActingAsync(principal, region, user, acting, ct);
    }

    /// <summary>
    /// docs/domain.md "Acting officials": on a day a grant holds (in the region's zone), the account is the office's
    /// for every request — its role and office those of the office acted for, and <see cref="Claims.ActingFor"/> set,
    /// so every event it writes records both the person and the office.
    /// </summary>
    private async Task<ClaimsPrincipal> ActingAsync(ClaimsPrincipal principal, string region, string user, IReadOnlyList<ActingGrant> acting,
        CancellationToken ct)
    {
        if (await regions.FindAsync(region, ct) is not { } organisation) return principal;
        var today = organisation.Today(clock.GetUtcNow());
        if (acting.LastOrDefault(g => g.HoldsOn(today)) is not { } grant || organisation.FindOffice(grant.Office) is not { } office) return principal;
        var role = office.Kind switch
        {
            Organisation.OfficeKinds.Asisten => Roles.Asisten,
            Organisation.OfficeKinds.Sekda => Roles.Sekda,
            _ => Roles.Bupati,
        };
        var acted = PrincipalFor(new Account(user, region, role, office.Code), principal.Identity?.AuthenticationType);
        ((ClaimsIdentity)acted.Identity!).AddClaim(new Claim(Claims.ActingFor, office.Code));
        return acted;
    }

    /// <summary>The claims the service reads (user, region, role, office), as tokens and the session carry them.</summary>
    public static ClaimsPrincipal PrincipalFor(Account account, string? authenticationType)
    {
        var claims = new List<Claim> { new(Claims.User, account.User), new(Claims.Region, account.Region), new(Claims.Role, account.Role) };
        if (account.Office is not null) claims.Add(new Claim(Claims.Office, account.Office));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType ?? "eskalasi", Claims.User, Claims.Role));
    }
}
