using Microsoft.Extensions.DependencyInjection;
using Obscura.Engine;

namespace Obscura.Service.Queries;

/// <summary>Registers the query engine behind <c>/api/query</c> and <c>/api/budget</c>.</summary>
internal static class QueryExtensions
{
    /// <summary>Loads the policy now, so an invalid one stops the start with its problems.</summary>
    public static IServiceCollection AddObscuraQueries(this IServiceCollection services, ServiceSettings settings, ObscuraRuntime runtime)
    {
        var engine = QueryEngine.Open(settings, runtime);
        // A factory, so the container disposes it (connection pools, the budget store) when the app stops.
        services.AddSingleton(_ => engine);
        return services;
    }
}
