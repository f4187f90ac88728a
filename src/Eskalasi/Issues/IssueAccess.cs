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

    /// <summary>The same rule read from the decision aggregate, so a move needs no extra read to answer 404.</summary>
    public static bool CanSee(this ClaimsPrincipal user, Issue issue) =>
        user.Role() switch
        {
            Roles.OpdOfficer => user.Office() is { } opd && (issue.ReportingOpd == opd || issue.RelatedOpds.Contains(opd)
                || (issue.Level == IssueLevel.Opd && issue.Holder == opd) || issue.FollowUps.Any(f => f.OwnerOpd == opd)),
            Roles.Asisten or Roles.Sekda or Roles.Bupati or Roles.Analyst or Roles.Admin => true,
            _ => false,
        };
}
