using System.Text;
using System.Text.Json;

namespace Eskalasi.Infrastructure;

/// <summary>
/// What no endpoint of the API accepts, refused once at the door with a clear 400/413 before anything reads it
/// (docs/reliability.md "Bad input"): a body over <see cref="MaxBodyBytes"/>; a JSON body whose root is not an object;
/// a null inside a list; a control character (C0 other than tab, line feed, carriage return — PostgreSQL's jsonb
/// cannot even store NUL) in any text of the body, the query string or the path. Each answer names the field.
/// </summary>
public static class InputGuard
{
    public const long MaxBodyBytes = 1024 * 1024;

    /// <summary>An evidence upload (multipart, one file of at most 10 MB) may be larger than any other body.</summary>
    public const long MaxUploadBytes = 10 * 1024 * 1024 + 256 * 1024;

    public static bool IsUpload(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Value is { } path
        && (path.EndsWith("/attachments", StringComparison.Ordinal) || path.EndsWith("/materials", StringComparison.Ordinal));

    public static WebApplication UseInputGuard(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (!http.Request.Path.StartsWithSegments("/api"))
            {
                await next(http);
                return;
            }
            if (Check(http) is { } refusal)
            {
                await refusal.ExecuteAsync(http);
                return;
            }
            if (IsUpload(http.Request) && http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = MaxUploadBytes;
            if (http.Request.ContentLength is > 0 && IsJson(http.Request.ContentType))
            {
                http.Request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: MaxBodyBytes);
                var body = new byte[(int)http.Request.ContentLength.Value];
                await http.Request.Body.ReadExactlyAsync(body, http.RequestAborted);
                http.Request.Body.Position = 0;
                if (CheckJson(body) is { } invalid)
                {
                    await invalid.ExecuteAsync(http);
                    return;
                }
            }
            await next(http);
        });
        return app;
    }

    private static IResult? Check(HttpContext http)
    {
        var request = http.Request;
        if (IsUpload(request) ? request.ContentLength > MaxUploadBytes : request.ContentLength > MaxBodyBytes)
            return Problems.ToResult(Problems.Create(413, IsUpload(request)
                ? Issues.Evidence.EvidenceFiles.TooLarge
                : $"Isi permintaan terlalu besar: paling banyak {MaxBodyBytes / 1024} KB."));
        if (HasControl(request.Path.Value)) return Field("path", "Alamat memuat karakter kendali.");
        foreach (var (key, values) in request.Query)
        {
            if (HasControl(key)) return Field("query", "Nama parameter memuat karakter kendali.");
            if (values.Any(HasControl)) return Field(key, "Memuat karakter kendali (mis. NUL) yang tidak diterima.");
        }
        return null;
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
                                    || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>The body's root is an object, no list holds a null, no text holds a control character; else the 400.</summary>
    public static IResult? CheckJson(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 32 });
        var path = new List<(bool Array, string Name, int Index)>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        if (path.Count == 0 && reader.TokenType == JsonTokenType.StartArray) return Root();
                        Enter(path);
                        path.Add((reader.TokenType == JsonTokenType.StartArray, "", -1));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        if (HasControl(name)) return Field(PathOf(path), "Nama isian memuat karakter kendali.");
                        path[^1] = (false, name, -1);
                        break;
                    default:
                        if (path.Count == 0) return Root();
                        Enter(path);
                        if (reader.TokenType == JsonTokenType.Null && path[^1].Array)
                            return Field(PathOf(path), "Daftar tidak boleh berisi null.");
                        if (reader.TokenType == JsonTokenType.String && HasControl(reader.GetString()))
                            return Field(PathOf(path), "Memuat karakter kendali (mis. NUL) yang tidak diterima.");
                        break;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return Problems.ToResult(Problems.Create(400, "Isi permintaan tidak dapat dibaca sebagai JSON yang sesuai."));
        }
        return null;

        static IResult Root() => Problems.ToResult(Problems.Create(400, "Isi permintaan harus berupa objek JSON ({ … })."));
    }

    /// <summary>A value (or a nested object or list) begins inside a list: it is the list's next element.</summary>
    private static void Enter(List<(bool Array, string Name, int Index)> path)
    {
        if (path.Count > 0 && path[^1].Array) path[^1] = (true, "", path[^1].Index + 1);
    }

    private static string PathOf(List<(bool Array, string Name, int Index)> path)
    {
        var text = new StringBuilder();
        foreach (var (array, name, index) in path)
        {
            if (array) text.Append('[').Append(index).Append(']');
            else if (name.Length > 0) text.Append(text.Length == 0 ? "" : ".").Append(name);
        }
        return text.Length == 0 ? "$" : text.ToString();
    }

    public static bool HasControl(string? text)
    {
        if (text is null) return false;
        foreach (var c in text)
            if (c < ' ' && c is not ('\t' or '\n' or '\r')) return true;
        return false;
    }

    private static IResult Field(string field, string message) =>
        Problems.ToResult(Problems.Invalid(new Dictionary<string, string[]> { [field] = [message] }));
}
