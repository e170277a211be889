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
}
