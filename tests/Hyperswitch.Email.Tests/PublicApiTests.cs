using System.Reflection;

namespace Hyperswitch.Email.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicSurface_ExposesNoMailKitNorMimeKitType()
    {
        var offending = new List<string>();
        foreach (var type in typeof(IEmailClient).Assembly.GetExportedTypes())
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
                offending.AddRange(types.SelectMany(Flatten)
                    .Where(t => t.Namespace?.StartsWith("MimeKit", StringComparison.Ordinal) == true || t.Namespace?.StartsWith("MailKit", StringComparison.Ordinal) == true)
                    .Select(t => $"{type.Name}.{member.Name}: {t.FullName}"));
            }

            offending.AddRange(type.GetInterfaces().Concat([type.BaseType!]).Where(t => t is not null && (t.Namespace?.StartsWith("MimeKit", StringComparison.Ordinal) == true || t.Namespace?.StartsWith("MailKit", StringComparison.Ordinal) == true)).Select(t => $"{type.Name}: {t.FullName}"));
        }

        Assert.Empty(offending);
    }

    [Fact]
    public void PublicTypes_AreSealedOrInterfacesOrAbstractOrStatic()
    {
        var unsealed = typeof(IEmailClient).Assembly.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract)
            .Select(t => t.FullName);

        Assert.Empty(unsealed);
    }

    private static IEnumerable<Type> Flatten(Type type) =>
        type.IsGenericType ? type.GetGenericArguments().SelectMany(Flatten).Prepend(type) : type.HasElementType ? Flatten(type.GetElementType()!).Prepend(type) : [type];
}
