using Eskalasi.Organisation;

namespace Eskalasi.Identity;

/// <summary>A sign-in account: <c>region/office</c>, <c>region/analyst</c>, <c>region/admin</c> or <c>region/opd/code</c> (docs/api.md).</summary>
public sealed record Account(string User, string Region, string Role, string? Office);

public static class DemoAccounts
{
    /// <summary>Every demo account of a region, derived from its organisation (docs/api.md).</summary>
    public static IEnumerable<Account> For(RegionOrganisation region)
    {
        foreach (var office in region.Offices)
        {
            var role = office.Kind switch
            {
                OfficeKinds.Sekda => Roles.Sekda,
                OfficeKinds.Head => Roles.Bupati,
                _ => Roles.Asisten,
            };
            yield return new Account($"{region.Id}/{office.Code}", region.Id, role, office.Code);
        }
        yield return new Account($"{region.Id}/analyst", region.Id, Roles.Analyst, null);
        yield return new Account($"{region.Id}/admin", region.Id, Roles.Admin, null);
        foreach (var opd in region.Opds)
            yield return new Account($"{region.Id}/opd/{opd.Code}", region.Id, Roles.OpdOfficer, opd.Code);
    }

    public static string RegionOf(string user) => user.Split('/', 2)[0];
}
