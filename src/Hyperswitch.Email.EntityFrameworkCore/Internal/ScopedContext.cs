using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hyperswitch.Email.EntityFrameworkCore.Internal;

/// <summary>Runs outbox work on a context of its own: a scope per unit of work, as the application's contexts are scoped.</summary>
internal static class ScopedContext
{
    /// <summary>Resolves a <typeparamref name="TContext"/> in a new scope, runs <paramref name="work"/> on it, and disposes the scope.</summary>
    public static async Task<T> RunAsync<TContext, T>(this IServiceScopeFactory scopes, Func<TContext, Task<T>> work)
        where TContext : DbContext
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            return await work(scope.ServiceProvider.GetRequiredService<TContext>()).ConfigureAwait(false);
        }
    }
}
