using System.Security.Claims;
using Eskalasi.Identity;
using Eskalasi.Organisation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Eskalasi.Web;

/// <summary>
/// The web application's session: a cookie carrying the same claims as the API's tokens (user, region, role, office),
/// so tenancy and "who sees what" apply unchanged. The demo picker is one way to start it; another way of signing in
/// only has to call <see cref="SignInAsync"/> with the account it has checked.
/// </summary>
public static class WebSession
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;

    public static Task SignInAsync(HttpContext http, Account account)
    {
        var claims = new List<Claim> { new(Claims.User, account.User), new(Claims.Region, account.Region), new(Claims.Role, account.Role) };
        if (account.Office is not null) claims.Add(new Claim(Claims.Office, account.Office));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, Claims.User, Claims.Role));
        return http.SignInAsync(Scheme, principal);
    }

    /// <summary>Where each role starts.</summary>
    public static string HomeOf(ClaimsPrincipal user) => user.Role() switch
    {
        Roles.Asisten => "/antrean",
        Roles.Sekda => "/sekda",
        Roles.Bupati => "/kepala-daerah",
        Roles.Analyst => "/analitik",
        _ => "/masalah",
    };

    /// <summary>
    /// A page that answers with an error status but its own content (the plain words a person reads), not the problem
    /// details the API's status-code pages would put in its place.
    /// </summary>
    public static void Answer(HttpContext http, int status)
    {
        if (http.Response.HasStarted) return;
        if (http.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
        http.Response.StatusCode = status;
    }

    /// <summary>A browser's date-time field (no zone) as a time in the region's zone, e.g. 2026-12-05T09:00:00+07:00.</summary>
    public static string? LocalToOffset(string? local, RegionOrganisation? region)
    {
        if (region is null || !DateTime.TryParse(local, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var time)) return local;
        return region.AtLocal(time).ToString("yyyy-MM-ddTHH:mm:sszzz");
    }

    /// <summary>The actor and region of the signed-in user, as the in-process core needs them.</summary>
    public static (Actor Actor, string Region) Caller(ClaimsPrincipal user) => (user.ToActor(), user.Region() ?? "");
}
