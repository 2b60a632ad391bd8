using System.Reflection;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;

namespace SeatAllocation.Core.Tests;

/// <summary>
/// The conventions of SeatAllocation.Core's public surface, checked by reflection (after DistributedLock's
/// ApiTest): sealed types, namespaces, cancellation tokens, documentation. The inventory of that surface
/// is PublicAPI.*.txt, enforced by the analyzers; these rules are what the inventory cannot say.
/// </summary>
public sealed class ApiShapeTests
{
    private static readonly Assembly Core = typeof(IAllocationStrategy).Assembly;

    /// <summary>Public classes designed to be derived from.</summary>
    private static readonly Type[] AbstractByDesign = [typeof(AllocationStrategy)];

    public static TheoryData<Type> PublicTypes { get; } = [.. Core.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal)];

    [Fact]
    public void The_assembly_exports_the_contract_and_the_extension_class()
    {
        var exported = Core.GetExportedTypes();

        Assert.Contains(typeof(IAllocationStrategy), exported);
        Assert.Contains(typeof(AllocationStrategy), exported);
        Assert.Contains(typeof(SeatAllocationServiceCollectionExtensions), exported);
        Assert.DoesNotContain(exported, t => t.Name == "AllocationInstruments");
    }

    [Theory]
    [MemberData(nameof(PublicTypes))]
    public void Every_public_type_is_sealed_static_an_interface_an_enum_a_record_or_a_struct(Type type)
    {
        var isStatic = type.IsAbstract && type.IsSealed;
        var isRecord = type.GetMethod("<Clone>$") is not null;
        var ok = type.IsInterface
            || type.IsValueType
            || type.IsSealed
            || isStatic
            || isRecord
            || AbstractByDesign.Contains(type);

        Assert.True(ok, $"{type} should be sealed (or static, or listed as abstract by design).");
        if (type.IsAbstract && !type.IsInterface && !isStatic)
        {
            Assert.Contains(type, AbstractByDesign);
        }
    }

    [Theory]
    [MemberData(nameof(PublicTypes))]
    public void Every_public_type_lives_in_the_package_namespace(Type type)
    {
        var expected = type == typeof(SeatAllocationServiceCollectionExtensions)
            ? "Microsoft.Extensions.DependencyInjection"
            : "SeatAllocation";

        Assert.Equal(expected, type.Namespace);
    }

    [Fact]
    public void Only_the_extension_class_lives_in_the_dependency_injection_namespace()
    {
        var diTypes = Core.GetExportedTypes().Where(t => t.Namespace == "Microsoft.Extensions.DependencyInjection");

        Assert.Equal([typeof(SeatAllocationServiceCollectionExtensions)], diTypes);
    }

    [Theory]
    [MemberData(nameof(PublicTypes))]
    public void Every_public_async_method_takes_a_defaulted_cancellation_token_last(Type type)
    {
        foreach (var method in VisibleAsyncMethods(type).Where(m => !IsCoreMethod(m)))
        {
            var last = method.GetParameters().LastOrDefault();

            Assert.True(
                last is not null && last.ParameterType == typeof(CancellationToken) && last.HasDefaultValue,
                $"{type.Name}.{method.Name} should take 'CancellationToken cancellationToken = default' as its last parameter.");
            Assert.Equal("cancellationToken", last!.Name);
        }
    }

    [Fact]
    public void Protected_core_methods_take_a_required_cancellation_token_last()
    {
        var coreMethods = VisibleAsyncMethods(typeof(AllocationStrategy)).Where(IsCoreMethod).ToList();

        Assert.Equal(8, coreMethods.Count);
        Assert.All(coreMethods, method =>
        {
            Assert.True(method.IsAbstract, $"{method.Name} should be abstract.");
            var last = method.GetParameters()[^1];
            Assert.True(
                last.ParameterType == typeof(CancellationToken) && !last.HasDefaultValue,
                $"{method.Name} should take a CancellationToken without a default as its last parameter.");
        });
    }

    [Fact]
    public void The_xml_documentation_file_is_shipped_next_to_the_assembly()
    {
        Assert.True(File.Exists(DocumentationPath), $"Expected the XML documentation at {DocumentationPath}.");
    }

    [Fact]
    public void Every_public_type_is_documented()
    {
        var documented = XDocument.Load(DocumentationPath)
            .Descendants("member")
            .Where(m => m.Elements("summary").Any(s => !string.IsNullOrWhiteSpace(s.Value)))
            .Select(m => (string?)m.Attribute("name"))
            .ToHashSet(StringComparer.Ordinal);

        var undocumented = Core.GetExportedTypes()
            .Select(t => "T:" + t.FullName!.Replace('+', '.'))
            .Where(name => !documented.Contains(name))
            .ToList();

        Assert.Empty(undocumented);
    }

    private static string DocumentationPath => Path.ChangeExtension(Core.Location, ".xml");

    private static bool IsAsync(MethodInfo method)
    {
        var returnType = method.ReturnType.IsGenericType ? method.ReturnType.GetGenericTypeDefinition() : method.ReturnType;
        return returnType == typeof(Task) || returnType == typeof(Task<>) || returnType == typeof(ValueTask) || returnType == typeof(ValueTask<>);
    }

    /// <summary>Async methods a user can call or override: public, protected, or protected internal.</summary>
    private static IEnumerable<MethodInfo> VisibleAsyncMethods(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly)
            .Where(m => !m.IsSpecialName && m.GetCustomAttribute<CompilerGeneratedAttribute>() is null)
            .Where(IsAsync);

    private static bool IsCoreMethod(MethodInfo method) =>
        !method.IsPublic && method.Name.EndsWith("CoreAsync", StringComparison.Ordinal);
}
