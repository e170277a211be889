using System.Reflection;

namespace Hyperswitch.Email.Tests;

public sealed class PublicApiTests
{
    public static TheoryData<string> Packages() =>
        new(typeof(IEmailClient).Assembly.GetName().Name!);

    [Theory]
    [MemberData(nameof(Packages))]
    public void PublicSurface_ExposesNoMailKitNorMimeKitType(string package) =>
        Assert.Empty(PublicSurface.MailKitOrMimeKitTypes(Assembly.Load(package)));

    [Theory]
    [MemberData(nameof(Packages))]
    public void PublicTypes_AreSealedOrInterfacesOrAbstractOrStatic(string package) =>
        Assert.Empty(PublicSurface.UnsealedClasses(Assembly.Load(package)));

    [Fact]
    public void Core_GrantsItsInternalsToTestsAndBenchmarksOnly()
    {
        var granted = typeof(IEmailClient).Assembly.GetCustomAttributes<System.Runtime.CompilerServices.InternalsVisibleToAttribute>()
            .Select(attribute => attribute.AssemblyName)
            .Where(name => !name.EndsWith(".Tests", StringComparison.Ordinal) && !name.EndsWith("Benchmarks", StringComparison.Ordinal));

        // A shipping package that read the core's internals would break at run time against a newer core.
        Assert.Empty(granted);
    }
}
