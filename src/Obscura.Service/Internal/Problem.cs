using Microsoft.AspNetCore.Http;

namespace Obscura.Service.Internal;

/// <summary>One problem in a request: the field, a diagnostic code (OBS###) and what to do about it.</summary>
internal sealed record Problem(string Field, string Code, string Detail);

/// <summary>RFC 9457 problem details the API answers with.</summary>
internal static class Problems
{
    public static IResult Invalid(IReadOnlyList<Problem> problems, string title = "The request is invalid") =>
        Results.Problem(
            detail: string.Join("; ", problems.Select(p => $"{p.Field}: {p.Detail}")),
            statusCode: StatusCodes.Status400BadRequest, title: title, type: "https://obscura.dev/problems/invalid-request",
            extensions: new Dictionary<string, object?> { ["problems"] = problems });

    public static IResult Conflict(string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict", type: "https://obscura.dev/problems/conflict", extensions: extensions);

    public static IResult Forbidden(string detail) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", type: "https://obscura.dev/problems/forbidden");

    public static IResult NotFound(string what) =>
        Results.Problem(detail: $"{what} does not exist.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
