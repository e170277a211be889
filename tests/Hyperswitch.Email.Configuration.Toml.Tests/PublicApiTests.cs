namespace Hyperswitch.Email.Configuration.Toml.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicSurface_ExposesNoMailKitNorMimeKitType() =>
        Assert.Empty(PublicSurface.MailKitOrMimeKitTypes(typeof(TomlConfigurationSource).Assembly));

    [Fact]
    public void PublicTypes_AreSealedOrInterfacesOrAbstractOrStatic() =>
        Assert.Empty(PublicSurface.UnsealedClasses(typeof(TomlConfigurationSource).Assembly));
}
