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
    /// <summary>Set while an account acts for an office (Plt/Plh/Pj): that office's code, also in <see cref="Office"/>.</summary>
    public const string ActingFor = "acting_for";
}

/// <summary>
/// Who acted: recorded on every event (docs/domain.md "Moves"). <see cref="Office"/> is an office or OPD code.
/// <see cref="ActingFor"/>: the person (<see cref="User"/>) acted for this office as Plt/Plh/Pj (docs/domain.md
/// "Acting officials"); absent otherwise, so events written before it existed serialise as they were.
/// </summary>
public sealed record Actor(string User, string Role, string? Office,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? ActingFor = null)
{
    /// <summary>No one: what a message carries until its sender says who acts; it may see and do nothing.</summary>
    public static readonly Actor Nobody = new("", "", null);
}

public static class ClaimsPrincipalExtensions
{
    public static Actor ToActor(this ClaimsPrincipal user) =>
        new(user.FindFirstValue(Claims.User) ?? "unknown",
            user.FindFirstValue(Claims.Role) ?? "unknown",
            user.FindFirstValue(Claims.Office),
            user.FindFirstValue(Claims.ActingFor));

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
