using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;

namespace Eskalasi.Infrastructure;

/// <summary>
/// A refusal is a value with a name: the status it answers with, the rule that failed (docs/api.md "Conventions")
/// and a sentence for the user. It is turned into RFC 9457 problem details in exactly one place, here.
/// </summary>
public sealed record Refusal(int Status, string? Rule, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public ProblemDetails ToProblem()
    {
        if (Errors is not null) return Problems.Invalid(Errors);
        return Problems.Create(Status, Detail, Rule);
    }

    public IResult ToResult() => Problems.ToResult(ToProblem());
}

public static class Problems
{
    // What a government user may read on screen is Bahasa Indonesia (titles and details alike).
    private static readonly Dictionary<int, string> Titles = new()
    {
        [400] = "Permintaan tidak valid",
        [401] = "Belum masuk",
        [403] = "Tidak berwenang",
        [404] = "Tidak ditemukan",
        [405] = "Metode tidak diizinkan",
        [406] = "Format jawaban tidak tersedia",
        [409] = "Konflik keadaan",
        [412] = "Versi sudah berubah",
        [413] = "Isi permintaan terlalu besar",
        [415] = "Jenis isi tidak didukung",
        [422] = "Ditolak oleh aturan",
        [429] = "Terlalu banyak percobaan",
        [500] = "Kesalahan pada server",
        [503] = "Layanan belum siap",
    };

    /// <summary>
    /// Problems written by the framework rather than by us — an unknown address, a body that is not JSON (Wolverine
    /// answers those itself), a wrong content type — in the same shape and language as ours, without the .NET type
    /// names the JSON parser's message carries.
    /// </summary>
    public static void Localise(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Type?.StartsWith("urn:eskalasi:", StringComparison.Ordinal) == true) return;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        var unreadableBody = status == 400 && problem.Extensions.ContainsKey("bytePositionInLine");
        problem.Type = TypeFor(status, null);
        problem.Title = TitleFor(status);
        problem.Detail = status switch
        {
            400 when unreadableBody => JsonPath.Match(problem.Detail ?? "") is { Success: true } at && at.Groups[1].Value != "$"
                ? $"Isi permintaan tidak dapat dibaca sebagai JSON yang sesuai (di {at.Groups[1].Value})."
                : "Isi permintaan tidak dapat dibaca sebagai JSON yang sesuai.",
            404 => "Alamat ini tidak ada.",
            405 => "Metode HTTP ini tidak berlaku untuk alamat ini.",
            406 => "Eskalasi menjawab dalam JSON; minta application/json.",
            415 => "Kirim isi permintaan sebagai JSON (Content-Type: application/json).",
            _ => problem.Detail,
        };
    }

    private static readonly Regex JsonPath = new(@"Path: (\$[^ |]*)", RegexOptions.Compiled);

    public static string TitleFor(int status) => Titles.GetValueOrDefault(status, "Kesalahan");

    public static string TypeFor(int status, string? rule) =>
        rule is null ? $"urn:eskalasi:status:{status}" : $"urn:eskalasi:rule:{rule}";

    public static ProblemDetails Create(int status, string detail, string? rule = null)
    {
        var problem = new ProblemDetails
        {
            Type = TypeFor(status, rule),
            Title = TitleFor(status),
            Status = status,
            Detail = detail,
        };
        if (rule is not null) problem.Extensions["rule"] = rule;
        return problem;
    }

    /// <summary>400 naming every invalid field (docs/api.md: "invalid fields add <c>errors</c>").</summary>
    public static ProblemDetails Invalid(IReadOnlyDictionary<string, string[]> errors)
    {
        var problem = Create(400, "Beberapa isian tidak valid; lihat 'errors' untuk tiap isian.");
        problem.Extensions["errors"] = errors;
        return problem;
    }

    public static ProblemDetails BadQuery(string parameter, string message) =>
        Invalid(new Dictionary<string, string[]> { [parameter] = [message] });

    public static IResult NotFound(string detail) => ToResult(Create(404, detail));

    public const string NoOrganisation = "Wilayah ini tidak memiliki data organisasi.";

    public static IResult ToResult(ProblemDetails problem) =>
        Results.Problem(problem);
}

/// <summary>Collects per-field messages, keyed by the JSON path of the field (camelCase).</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new();

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages)) _errors[field] = messages = [];
        messages.Add(message);
    }

    public void Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, "Wajib diisi.");
        else if (value.Length > maxLength) Add(field, $"Paling banyak {maxLength} karakter.");
    }

    public ProblemDetails ToProblem() => ToRefusal().ToProblem();

    public Refusal ToRefusal() =>
        new(400, null, "Beberapa isian tidak valid.", _errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

    public void MinLength(string field, string? value, int min)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, "Wajib diisi.");
        else if (value.Trim().Length < min) Add(field, $"Paling sedikit {min} karakter.");
    }
}
