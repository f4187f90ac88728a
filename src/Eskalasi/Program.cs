using Eskalasi.History;
using Eskalasi.Identity;
using Eskalasi.Inbox;
using Eskalasi.Infrastructure;
using Eskalasi.Issues;
using Eskalasi.Meetings;
using Eskalasi.Oversight;
using Eskalasi.Organisation;
using JasperFx;
using Wolverine.Http;

var builder = WebApplication.CreateBuilder(args);
if (GenerateCommand.IsRequested(args)) GenerateCommand.Prepare(builder);

builder.AddServiceBasics();
try
{
    builder.AddPersistence();
}
catch (PostgresUnavailableException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
builder.AddIdentity();
builder.AddOrganisation();
builder.AddIssues();
builder.AddMeetings();
builder.AddOversight();
builder.AddInbox();
builder.Services.AddWolverineHttp();

var app = builder.Build();

app.UseServiceBasics();
app.MapWolverineEndpoints(o =>
{
    o.TenantId.IsClaimTypeNamed(Claims.Region);
    o.RequireAuthorizeOnAll();
});

if (GenerateCommand.IsRequested(args)) return await GenerateCommand.RunAsync(app, args);
return await app.RunJasperFxCommands(args);

public partial class Program;
