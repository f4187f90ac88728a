using System.Diagnostics;
using Eskalasi.Identity;
using Microsoft.AspNetCore.Http.Features;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Eskalasi.Infrastructure;

/// <summary>
/// Operations telemetry (docs/operations.md): OpenTelemetry traces and metrics of ASP.NET Core, Wolverine, Marten and
/// Npgsql, exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and a Prometheus scraping endpoint at
/// <c>/metrics</c> when <c>Eskalasi:Metrics:Prometheus</c> is true. Every request's trace and HTTP metrics carry the
/// caller's region (<see cref="RegionTag"/>); log events carry the trace id (Serilog takes it from the current activity).
/// Nothing is collected when neither is configured.
/// </summary>
public static class Telemetry
{
    public const string RegionTag = "eskalasi.region";
    private static readonly string[] Sources = ["Wolverine", "Marten"];

    private static bool Otlp(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
    private static bool Prometheus(IConfiguration configuration) => configuration.GetValue<bool>("Eskalasi:Metrics:Prometheus");

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = Otlp(builder.Configuration);
        var prometheus = Prometheus(builder.Configuration);
        if (!otlp && !prometheus) return builder;
        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(r => r.AddService("eskalasi"));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddAspNetCoreInstrumentation().AddMeter([.. Sources, "Npgsql"]);
            if (otlp) metrics.AddOtlpExporter();
            if (prometheus) metrics.AddPrometheusExporter();
        });
        if (otlp) telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddNpgsql().AddSource(Sources).AddOtlpExporter());
        return builder;
    }

    /// <summary>After authentication: the region on the request's trace and its HTTP metrics; <c>/metrics</c> when configured.</summary>
    public static WebApplication UseTelemetry(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (http.User.Region() is { } region)
            {
                Activity.Current?.SetTag(RegionTag, region);
                http.Features.Get<IHttpMetricsTagsFeature>()?.Tags.Add(new(RegionTag, region));
            }
            await next(http);
        });
        if (Prometheus(app.Configuration)) app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
