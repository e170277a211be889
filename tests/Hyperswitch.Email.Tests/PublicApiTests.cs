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
            .Where(name => !name.EndsWith(".Tests", StringComparison.Ordinal) && !name.EndsWith("Benchmarks", StringComparison.Ordinal)
                // The warm-up benchmark's driver, which times the layers below the public API one by one.
                && name != "Hyperswitch.Email.WarmUp");

        // A shipping package that read the core's internals would break at run time against a newer core.
        Assert.Empty(granted);
    }

    [Fact]
    public void IEmailClient_IsTheAppFacingContractOnly_WithNoMemberThatAnImplementationMustForward()
    {
        // Composing and sending prepared emails are the composer's and the pipeline's (IEmailComposer, PreparedEmailSender):
        // a decorator of IEmailClient that forwards SendAsync is complete.
        var members = typeof(IEmailClient).GetMethods().Select(m => $"{m.Name}({string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name))})");

        Assert.Equal(
            ["SendAsync(EmailMessage, CancellationToken)", "SendEmailAsync(String, String, String, CancellationToken)"],
            members.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void IEmailTransport_IsANameAndOneSend()
    {
        Assert.Equal(["SendAsync", "get_Name"], typeof(IEmailTransport).GetMethods().Select(m => m.Name).Order(StringComparer.Ordinal));
    }
}
