using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Obscura.Service.Internal;
using Obscura.Service.Operations;

namespace Obscura.Service.Dashboard.Internal;

/// <summary>
/// What an API handler answered, read back for a page: the dashboard calls the very handlers and services the API
/// calls, and shows their problem details as form errors instead of serializing them.
/// </summary>
internal sealed record ServiceResult(int Status, object? Value, string? Title, string? Detail, IReadOnlyList<Problem> Problems)
{
    public bool Succeeded => Status is >= 200 and < 300;

    public static ServiceResult From(IResult result)
    {
        var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
        if (result is ProblemHttpResult problem)
        {
            var details = problem.ProblemDetails;
            var problems = details.Extensions.TryGetValue("problems", out var list) && list is IEnumerable<Problem> items ? items.ToList() : [];
            return new ServiceResult(status, null, details.Title, details.Detail, problems);
        }
        return new ServiceResult(status, (result as IValueHttpResult)?.Value, null, null, []);
    }

    /// <summary>The value as <typeparamref name="T"/>, or null.</summary>
    public T? As<T>() where T : class => Value as T;

    /// <summary>A string property of an anonymous answer (<c>{ ok, message }</c>), or null.</summary>
    public string? Text(string property) =>
        Value is null ? null : JsonSerializer.SerializeToElement(Value, OperationPlanner.Json).TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    /// <summary>Every problem as one line each, for a page: the field, the code and what to do.</summary>
    public IReadOnlyList<string> Messages() =>
        Problems.Count > 0 ? Problems.Select(p => $"{p.Field}: {p.Detail} ({p.Code})").ToList() : [Detail ?? Title ?? $"HTTP {Status}"];
}
