using System.Security.Claims;
using Eskalasi.Identity;

namespace Eskalasi.Issues;

/// <summary>DOMAIN.md §3 "Who sees what", within a region (another region never gets this far: tenancy).</summary>
public static class IssueAccess
{
    public static bool CanSee(this ClaimsPrincipal user, IssueDetails issue) =>
        user.Role() switch
        {
            Roles.OpdOfficer => issue.InvolvesOpd(user.Office()),
            Roles.Asisten or Roles.Sekda or Roles.Bupati or Roles.Analyst or Roles.Admin => true,
            _ => false,
        };
}
