using HealthChecks.NpgSql;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Scalar.AspNetCore;
using Serilog;
using Serilog.Events;

namespace Eskalasi.Infrastructure;

/// <summary>Logging, problem details, OpenAPI, health and time: what every request relies on.</summary>
public static class ServiceBasics
{
    public const string DefaultUrl = "http://localhost:5080";

    public static WebApplicationBuilder AddServiceBasics(this WebApplicationBuilder builder)
    {
        // Defaults first; the Serilog section of the configuration (e.g. Serilog__MinimumLevel__Default) overrides them.
        builder.Services.AddSerilog((services, logger) => logger
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Marten", LogEventLevel.Warning)
            .MinimumLevel.Override("Wolverine", LogEventLevel.Warning)
            .MinimumLevel.Override("JasperFx", LogEventLevel.Warning)
            // OpenIddict reports each protocol request at Information; its warnings (rejected requests) are enough.
            .MinimumLevel.Override("OpenIddict", LogEventLevel.Warning)
            // An unhealthy /health during start-up is expected, not an error worth a log line.
            .MinimumLevel.Override("Microsoft.Extensions.Diagnostics.HealthChecks", LogEventLevel.Fatal)
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services) // sinks registered in the container (tests read the logs this way)
            // A request body that is not valid JSON is the client's mistake, answered 400 and already in the request
            // log; Wolverine also logs it as an error with a stack trace, under the command's type as category.
            .Filter.ByExcluding(e => e.MessageTemplate.Text.StartsWith("Error trying to deserialize JSON", StringComparison.Ordinal))
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate:
                "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj} {TraceId}{NewLine}{Exception}"),
            // Each host logs through its own logger, not the process-wide static one (tests run several hosts at once).
            preserveStaticLogger: true);

        builder.Services.AddSingleton(TimeProvider.System); // tests replace it with a fake clock
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.Localise);
        builder.Services.AddExceptionHandler<UnexpectedErrorHandler>();
        builder.Services.Configure<JsonOptions>(o => Json.ConfigureForHttp(o.SerializerOptions));
        builder.Services.AddOpenApi();

        builder.Services.AddSingleton<StartupState>();
        builder.Services.AddHostedService<StartupWork>();
        builder.Services.AddHealthChecks()
            .AddCheck<StartupHealthCheck>("startup")
            .Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration("database",
                sp => new NpgSqlHealthCheck(new NpgSqlHealthCheckOptions(sp.GetRequiredService<DatabaseConnection>().ConnectionString)),
                failureStatus: null, tags: null));

        // A body that arrives without a length (chunked) is cut off at the same limit the input guard states.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = InputGuard.MaxBodyBytes);

        // docs/api.md: listen on http://localhost:5080 unless ASPNETCORE_URLS (or --urls) says otherwise.
        if (string.IsNullOrWhiteSpace(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);
        return builder;
    }

    /// <summary>The request pipeline's common part; <paramref name="describeCaller"/> names who asked, for the request log.</summary>
    public static WebApplication UseServiceBasics(this WebApplication app, Func<HttpContext, (string User, string Region)> describeCaller)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSerilogRequestLogging(o =>
        {
            o.GetLevel = (http, _, error) => error is not null || (http.Response.StatusCode >= 500 && http.Request.Path != "/health")
                ? LogEventLevel.Error
                : LogEventLevel.Information;
            o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} answered {StatusCode} in {Elapsed:0.0} ms for {User} ({Region})";
            o.EnrichDiagnosticContext = (context, http) =>
            {
                var (user, region) = describeCaller(http);
                context.Set("User", user);
                context.Set("Region", region);
            };
        });
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/docs/api", o => o.WithTitle("Eskalasi API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        app.MapHealthChecks("/health");
        return app;
    }
}

/// <summary>Whether an error means the database cannot be reached right now (a connection refused, dropped or shut down).</summary>
public static class DatabaseUnavailable
{
    public const int RetryAfterSeconds = 5;

    public static bool Is(Exception? e) => e switch
    {
        null => false,
        Npgsql.NpgsqlException { IsTransient: true } => true,
        Npgsql.PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "08006" or "08001" or "08004" } => true,
        System.Net.Sockets.SocketException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(Is),
        _ => Is(e.InnerException),
    };
}

/// <summary>Anything unexpected is a 500 problem details without internals; the exception goes to the log only.</summary>
public sealed class UnexpectedErrorHandler(ILogger<UnexpectedErrorHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is BadHttpRequestException bad)
        {
            await Problems.ToResult(Problems.Create(bad.StatusCode, "Permintaan tidak dapat dibaca: " + bad.Message)).ExecuteAsync(context);
            return true;
        }
        if (exception is InvalidDataException)
        {
            // A form body ASP.NET Core cannot read (e.g. a NUL in a value of /connect/token or the sign-in page).
            await Problems.ToResult(Problems.Create(400, "Isi formulir tidak dapat dibaca: memuat karakter yang tidak diterima."))
                .ExecuteAsync(context);
            return true;
        }
        if (exception.GetBaseException() is JasperFx.MultiTenancy.UnknownTenantIdException)
        {
            // A database per region, and the caller's region has none (a token of a region not, or no longer, served).
            await Problems.NotFound("Wilayah ini tidak dilayani oleh layanan ini.").ExecuteAsync(context);
            return true;
        }
        if (DatabaseUnavailable.Is(exception))
        {
            // Not a bug but an outage: say so, and when to try again (docs/reliability.md "Database gone").
            logger.LogWarning("Database unavailable on {Method} {Path}: {Error}", context.Request.Method, context.Request.Path, exception.GetBaseException().Message);
            context.Response.Headers.RetryAfter = DatabaseUnavailable.RetryAfterSeconds.ToString();
            await Problems.ToResult(Problems.Create(503,
                    "Basis data sedang tidak dapat dihubungi. Tidak ada yang tersimpan dari permintaan ini; coba lagi sebentar lagi."))
                .ExecuteAsync(context);
            return true;
        }
        logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        await Problems.ToResult(Problems.Create(500, "Terjadi kesalahan pada server. Kejadian ini sudah dicatat."))
            .ExecuteAsync(context);
        return true;
    }
}
