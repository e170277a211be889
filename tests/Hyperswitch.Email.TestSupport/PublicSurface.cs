using System.Reflection;

namespace Hyperswitch.Email.TestSupport;

/// <summary>Reads a shipped assembly's public surface: what it exposes of MailKit and MimeKit, and which classes can be derived from.</summary>
public static class PublicSurface
{
    /// <summary>Every public member or base type of <paramref name="assembly"/> that mentions a MailKit or MimeKit type.</summary>
    public static List<string> MailKitOrMimeKitTypes(Assembly assembly)
    {
        var offending = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            foreach (var member in type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                var types = member switch
                {
                    MethodInfo method => method.GetParameters().Select(p => p.ParameterType).Append(method.ReturnType),
                    ConstructorInfo constructor => constructor.GetParameters().Select(p => p.ParameterType),
                    PropertyInfo property => [property.PropertyType],
                    FieldInfo field => [field.FieldType],
                    EventInfo @event => [@event.EventHandlerType!],
                    _ => [],
                };
                offending.AddRange(types.SelectMany(Flatten).Where(IsMailKitOrMimeKit).Select(t => $"{type.Name}.{member.Name}: {t.FullName}"));
            }

            offending.AddRange(type.GetInterfaces().Concat([type.BaseType!]).Where(t => t is not null && IsMailKitOrMimeKit(t)).Select(t => $"{type.Name}: {t.FullName}"));
        }

        return offending;
    }

    /// <summary>The public classes of <paramref name="assembly"/> that are neither sealed, abstract nor static.</summary>
    public static List<string> UnsealedClasses(Assembly assembly) =>
        assembly.GetExportedTypes().Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract).Select(t => t.FullName!).ToList();

    private static bool IsMailKitOrMimeKit(Type type) =>
        type.Namespace?.StartsWith("MimeKit", StringComparison.Ordinal) == true || type.Namespace?.StartsWith("MailKit", StringComparison.Ordinal) == true;

    private static IEnumerable<Type> Flatten(Type type) =>
        type.IsGenericType ? type.GetGenericArguments().SelectMany(Flatten).Prepend(type) : type.HasElementType ? Flatten(type.GetElementType()!).Prepend(type) : [type];
}
