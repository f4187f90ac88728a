using System.Security.Claims;

namespace Eskalasi.Identity;

/// <summary>docs/domain.md "Regions and their organisation" (People): each user has exactly one role.</summary>
public static class Roles
{
    public const string OpdOfficer = "opd-officer";
    public const string Asisten = "asisten";
    public const string Sekda = "sekda";
    public const string Bupati = "bupati";
    public const string Analyst = "analyst";
    public const string Admin = "admin";
}

/// <summary>The short claim names our tokens carry (inbound claim mapping is off).</summary>
public static class Claims
{
    public const string User = "sub";
    public const string Region = "region";
    public const string Role = "role";
    public const string Office = "office";
}

/// <summary>Who acted: recorded on every event (docs/domain.md "Moves"). <see cref="Office"/> is an office or OPD code.</summary>
public sealed record Actor(string User, string Role, string? Office)
{
    /// <summary>No one: what a message carries until its sender says who acts; it may see and do nothing.</summary>
    public static readonly Actor Nobody = new("", "", null);
}

public static class ClaimsPrincipalExtensions
{
    public static Actor ToActor(this ClaimsPrincipal user) =>
        new(user.FindFirstValue(Claims.User) ?? "unknown",
            user.FindFirstValue(Claims.Role) ?? "unknown",
            user.FindFirstValue(Claims.Office));

    public static string? Region(this ClaimsPrincipal user) => user.FindFirstValue(Claims.Region);

    public static string? Office(this ClaimsPrincipal user) => user.FindFirstValue(Claims.Office);

    public static string? Role(this ClaimsPrincipal user) => user.FindFirstValue(Claims.Role);
}

/// <summary>Who asked, for the request log: the user and the region of the token, or "anonymous".</summary>
public static class RequestLog
{
    public static (string User, string Region) DescribeCaller(HttpContext http) =>
        (http.User.FindFirstValue(Claims.User) ?? "anonymous", http.User.Region() ?? "-");
}
