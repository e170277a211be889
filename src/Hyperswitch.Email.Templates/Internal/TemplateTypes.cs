using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Components;

namespace Hyperswitch.Email.Templates.Internal;

/// <summary>What reflection says about a template type, looked up once per type.</summary>
internal static class TemplateTypes
{
    private static readonly ConcurrentDictionary<Type, Type?> Layouts = new();
    private static readonly ConcurrentDictionary<Type, Type?> Models = new();

    /// <summary>The layout that the template's <c>@layout</c> directive names, or <see langword="null"/>.</summary>
    public static Type? Layout(Type templateType) =>
        Layouts.GetOrAdd(templateType, static type => type.GetCustomAttribute<LayoutAttribute>(inherit: true)?.LayoutType);

    /// <summary>The <c>TModel</c> of the <see cref="EmailTemplate{TModel}"/> the type derives from, or <see langword="null"/> when it is no template.</summary>
    public static Type? ModelType(Type templateType) =>
        Models.GetOrAdd(templateType, static type =>
        {
            if (type.IsAbstract)
            {
                return null;
            }

            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (current.IsGenericType && current.GetGenericTypeDefinition() == typeof(EmailTemplate<>))
                {
                    return current.GetGenericArguments()[0];
                }
            }

            return null;
        });
}
