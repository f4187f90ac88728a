using Eskalasi.Infrastructure;
using Eskalasi.Organisation;
using Marten;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Eskalasi.Issues;

/// <summary>
/// Issue numbers <c>{prefix}-{year}-{sequence}</c> (docs/domain.md "Moves"): year of logging in the region's zone,
/// sequence per region and year. The counter row is bumped inside the transaction that appends the
/// <see cref="IssueLogged"/> event, so a refused or failed log leaves no gap and two logs never share a number.
/// </summary>
public static class IssueNumbers
{
    private const string TableName = "issue_numbers";

    public static Table Table()
    {
        var table = new Table(new PostgresqlObjectName(Persistence.Schema, TableName, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("region").AsPrimaryKey();
        table.AddColumn<int>("year").AsPrimaryKey();
        table.AddColumn<int>("last_sequence").NotNull();
        return table;
    }

    public static async Task<string> NextAsync(IDocumentSession session, RegionOrganisation region, DateTimeOffset now, CancellationToken ct)
    {
        var year = YearOf(now, region.FindZone());
        await session.BeginTransactionAsync(ct);
        var rows = await session.AdvancedSql.QueryAsync<int>(
            $"""
             insert into {Persistence.Schema}.{TableName} as n (region, year, last_sequence) values (?, ?, 1)
             on conflict (region, year) do update set last_sequence = n.last_sequence + 1
             returning n.last_sequence
             """, ct, region.Id, year);
        return Format(region.NumberPrefix, year, rows.Single());
    }

    public static int YearOf(DateTimeOffset now, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(now, zone).Year;

    public static string Format(string prefix, int year, int sequence) => $"{prefix}-{year}-{sequence:D5}";
}
