using Eskalasi.Analytics;
using Eskalasi.History;
using Eskalasi.Identity;
using Eskalasi.Identity.Directory;
using Eskalasi.Identity.Provider;
using Eskalasi.Inbox;
using Eskalasi.Infrastructure;
using Eskalasi.Issues;
using Eskalasi.Meetings;
using Eskalasi.Oversight;
using Eskalasi.Organisation;
using Eskalasi.Web;
using JasperFx;
using Wolverine.Http;
using Eskalasi.DevDatabase;

// Eskalasi: every area of the service, in the order they build on each other. The moves are Wolverine handlers;
// HTTP endpoints are found by Wolverine in each area's use-case files.
var builder = WebApplication.CreateBuilder(args);
if (GenerateCommand.IsRequested(args)) GenerateCommand.Prepare(builder);
if (AccountsCommand.IsRequested(args)) AccountsCommand.Prepare(builder);
if (Eskalasi.Issues.Integrity.VerifyCommand.IsRequested(args)) Eskalasi.Issues.Integrity.VerifyCommand.Prepare(builder);
if (RegionsCommand.IsRequested(args)) RegionsCommand.Prepare(builder);

builder.AddServiceBasics();          // logging, problem details, OpenAPI, health
builder.AddTelemetry();              // OpenTelemetry over OTLP and /metrics, when configured
if (DemoModeGuard.Check(builder.Configuration) is { } refusal)
{
    Console.Error.WriteLine(refusal);
    return 1;
}
try
{
    builder.AddPersistence();        // Marten + Wolverine on PostgreSQL (a local cluster when none is configured)
}
catch (PostgresUnavailableException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
builder.AddSeveralNodes();           // what nodes on one database share: data-protection keys (timers are Wolverine's)
builder.AddIdentity();               // accounts, sign-in (OpenID Connect), roles, demo sign-in
builder.AddOrganisation();           // regions, offices, OPDs (seeds/)
builder.AddIssues();                 // the issue, its moves, its view, dwell timers
builder.AddMeetings();               // rakor, agenda, outcomes, notulen
builder.AddOversight();              // Sekda queue, escalation audit and rates
builder.AddInbox();                  // what needs each office's attention
builder.AddAnalytics();              // the stays table the analysts' answers are computed from
builder.AddHistory();                // generated histories
builder.AddWeb();                    // the web application (Blazor), over the same in-process core
// Backlogs (Asisten backlog, OPD view) are read-only queries over what the areas above store: endpoints only.
builder.Services.AddWolverineHttp();

// Start-up work, in this order, before /health says healthy.
builder.Services.AddStartupStep<AppendOnlyEvents>();        // the event table refuses updates and deletes
builder.Services.AddStartupStep<IssueSnapshotBackfill>();   // databases from before the decision snapshots
builder.Services.AddStartupStep<Eskalasi.Issues.Integrity.IssueChainBackfill>(); // databases from before the hash chains
builder.Services.AddStartupStep<StaysBackfill>();           // databases from before the stays table
builder.Services.AddStartupStep<SeedRegions>();             // organisation data of seeds/
builder.Services.AddStartupStep<DemoHistory>();             // demo mode: a year of history per region

var app = builder.Build();

app.UseSecurityHeaders(app.Services.GetRequiredService<AuthSettings>().Authority);
app.UseNodeHeader();                 // which node answered (several nodes behind one address)
app.UseServiceBasics(RequestLog.DescribeCaller);
app.UseAuthentication();
app.UseTelemetry();                  // the caller's region on traces and HTTP metrics
app.UseRegionTime();                 // answers in the caller's region's time zone
app.UseAuthorization();
app.UseRateLimiter();                // sign-in: per client address (docs/security.md)
app.UseInputGuard();                 // after 401/403: oversized bodies, non-object JSON, nulls in lists, control characters
app.UseAntiforgery();
app.MapWolverineEndpoints(o =>
{
    o.TenantId.IsClaimTypeNamed(Claims.Region);
    o.RequireAuthorizeOnAll();
});
app.MapDemoSignIn();                 // demo mode only
// An address under /api that no endpoint has is 404 whatever the method (not the web application's 405).
app.Map("/api/{**rest}", () => Problems.NotFound("Alamat ini tidak ada.")).AllowAnonymous().ExcludeFromDescription();
app.MapWeb();
if (!app.Services.GetRequiredService<Eskalasi.Identity.Provider.AuthSettings>().External) app.MapConnectEndpoints();

if (GenerateCommand.IsRequested(args)) return await GenerateCommand.RunAsync(app, args);
if (AccountsCommand.IsRequested(args)) return await AccountsCommand.RunAsync(app, args);
if (Eskalasi.Issues.Integrity.VerifyCommand.IsRequested(args)) return await Eskalasi.Issues.Integrity.VerifyCommand.RunAsync(app, args);
if (RegionsCommand.IsRequested(args)) return await RegionsCommand.RunAsync(app, args);
return await app.RunJasperFxCommands(args);

public partial class Program;
