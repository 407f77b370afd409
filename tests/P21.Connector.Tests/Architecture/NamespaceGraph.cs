using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace P21.Connector.Tests.Architecture;

/// <summary>
/// Which areas (the first namespace segment under a root, e.g. <c>Write</c> of <c>P21.Connector.Write.Handlers</c>)
/// use which, read from the compiled assembly: signatures, attributes and every type, field and method token in the
/// method bodies. Reading IL rather than <c>using</c> lines catches fully qualified names and parent-namespace lookups.
/// </summary>
internal static class NamespaceGraph
{
    private static readonly IReadOnlyDictionary<short, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    private const string RegistrationNamespace = "Microsoft.Extensions.DependencyInjection";
    private const string RegistrationSuffix = "ServiceCollectionExtensions";

    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Read(string assemblyPath, string rootNamespace)
    {
        using FileStream stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        MetadataReader md = pe.GetMetadataReader();
        var edges = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);

        foreach (TypeDefinitionHandle handle in md.TypeDefinitions)
        {
            string? from = Area(NamespaceOf(md, handle, rootNamespace), rootNamespace);
            if (from is null)
            {
                continue;
            }

            var used = new HashSet<TypeDefinitionHandle>();
            var collector = new TypeCollector(md, used);
            TypeDefinition type = md.GetTypeDefinition(handle);
            AddHandle(md, collector, type.BaseType, used);
            foreach (InterfaceImplementationHandle i in type.GetInterfaceImplementations())
            {
                AddHandle(md, collector, md.GetInterfaceImplementation(i).Interface, used);
            }

            AddAttributes(md, collector, type.GetCustomAttributes(), used);
            foreach (FieldDefinitionHandle f in type.GetFields())
            {
                FieldDefinition field = md.GetFieldDefinition(f);
                field.DecodeSignature(collector, null);
                AddAttributes(md, collector, field.GetCustomAttributes(), used);
            }

            foreach (PropertyDefinitionHandle p in type.GetProperties())
            {
                PropertyDefinition property = md.GetPropertyDefinition(p);
                property.DecodeSignature(collector, null);
                AddAttributes(md, collector, property.GetCustomAttributes(), used);
            }

            foreach (MethodDefinitionHandle m in type.GetMethods())
            {
                MethodDefinition method = md.GetMethodDefinition(m);
                method.DecodeSignature(collector, null);
                AddAttributes(md, collector, method.GetCustomAttributes(), used);
                foreach (ParameterHandle p in method.GetParameters())
                {
                    AddAttributes(md, collector, md.GetParameter(p).GetCustomAttributes(), used);
                }

                if (method.RelativeVirtualAddress != 0)
                {
                    AddBody(md, collector, pe.GetMethodBody(method.RelativeVirtualAddress), used);
                }
            }

            HashSet<string> targets = edges.TryGetValue(from, out HashSet<string>? existing) ? existing : edges[from] = [];
            foreach (TypeDefinitionHandle u in used)
            {
                if (Area(NamespaceOf(md, u, rootNamespace), rootNamespace) is { } to && to != from)
                {
                    targets.Add(to);
                }
            }
        }

        return edges.ToDictionary(e => e.Key, e => (IReadOnlySet<string>)e.Value, StringComparer.Ordinal);
    }

    /// <summary>The area of a namespace under the root, or null for types outside it (compiler-generated ones too).</summary>
    public static string? Area(string ns, string rootNamespace)
    {
        if (ns == rootNamespace)
        {
            return "";
        }

        if (!ns.StartsWith(rootNamespace + ".", StringComparison.Ordinal))
        {
            return null;
        }

        string rest = ns[(rootNamespace.Length + 1)..];
        int dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    private static string NamespaceOf(MetadataReader md, TypeDefinitionHandle handle, string rootNamespace)
    {
        TypeDefinition type = md.GetTypeDefinition(handle);
        // Nested types (closures, state machines, records' helpers) belong to their declaring type's namespace.
        while (type.GetDeclaringType() is { IsNil: false } outer)
        {
            type = md.GetTypeDefinition(outer);
        }

        string ns = md.GetString(type.Namespace);
        string name = md.GetString(type.Name);
        // Registration classes live in Microsoft.Extensions.DependencyInjection by the platform's convention; each is
        // named after the area it registers, so the rule covers what they wire up as well.
        return ns == RegistrationNamespace && name.EndsWith(RegistrationSuffix, StringComparison.Ordinal)
            ? $"{rootNamespace}.{name[..^RegistrationSuffix.Length]}"
            : ns;
    }

    private static void AddAttributes(MetadataReader md, TypeCollector collector, CustomAttributeHandleCollection attributes, HashSet<TypeDefinitionHandle> used)
    {
        foreach (CustomAttributeHandle a in attributes)
        {
            AddHandle(md, collector, md.GetCustomAttribute(a).Constructor, used);
        }
    }

    private static void AddBody(MetadataReader md, TypeCollector collector, MethodBodyBlock body, HashSet<TypeDefinitionHandle> used)
    {
        if (!body.LocalSignature.IsNil)
        {
            md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(collector, null);
        }

        BlobReader il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            short code = il.ReadByte();
            if (code == 0xFE)
            {
                code = unchecked((short)(0xFE00 | il.ReadByte()));
            }

            if (!Operands.TryGetValue(code, out OperandType operand))
            {
                throw new InvalidOperationException($"Unknown opcode 0x{code:X} at IL offset {il.Offset - 1}");
            }

            switch (operand)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    il.Offset += 1;
                    break;
                case OperandType.InlineVar:
                    il.Offset += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    il.Offset += 8;
                    break;
                case OperandType.InlineSwitch:
                    int targets = il.ReadInt32(); // read before Offset: `Offset += 4 * ReadInt32()` would lose the count's 4 bytes
                    il.Offset += 4 * targets;
                    break;
                case OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok:
                    AddHandle(md, collector, MetadataTokens.EntityHandle(il.ReadInt32()), used);
                    break;
                default: // InlineI, InlineBrTarget, InlineSig, InlineString, ShortInlineR
                    il.Offset += 4;
                    break;
            }
        }
    }

    private static void AddHandle(MetadataReader md, TypeCollector collector, EntityHandle handle, HashSet<TypeDefinitionHandle> used)
    {
        if (handle.IsNil)
        {
            return;
        }

        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                used.Add((TypeDefinitionHandle)handle);
                break;
            case HandleKind.TypeSpecification:
                md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(collector, null);
                break;
            case HandleKind.FieldDefinition:
                used.Add(md.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.MethodDefinition:
                used.Add(md.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.MemberReference:
                MemberReference member = md.GetMemberReference((MemberReferenceHandle)handle);
                AddHandle(md, collector, member.Parent, used);
                if (member.GetKind() == MemberReferenceKind.Method)
                {
                    member.DecodeMethodSignature(collector, null);
                }
                else
                {
                    member.DecodeFieldSignature(collector, null);
                }

                break;
            case HandleKind.MethodSpecification:
                MethodSpecification spec = md.GetMethodSpecification((MethodSpecificationHandle)handle);
                AddHandle(md, collector, spec.Method, used);
                spec.DecodeSignature(collector, null);
                break;
        }
    }

    /// <summary>Decodes signatures only for their side effect: every type definition of this assembly they name.</summary>
    private sealed class TypeCollector(MetadataReader md, HashSet<TypeDefinitionHandle> used) : ISignatureTypeProvider<int, object?>
    {
        public int GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            used.Add(handle);
            return 0;
        }

        public int GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => 0;

        public int GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            md.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public int GetPrimitiveType(PrimitiveTypeCode typeCode) => 0;

        public int GetSZArrayType(int elementType) => 0;

        public int GetArrayType(int elementType, ArrayShape shape) => 0;

        public int GetByReferenceType(int elementType) => 0;

        public int GetPointerType(int elementType) => 0;

        public int GetPinnedType(int elementType) => 0;

        public int GetGenericInstantiation(int genericType, ImmutableArray<int> typeArguments) => 0;

        public int GetGenericMethodParameter(object? genericContext, int index) => 0;

        public int GetGenericTypeParameter(object? genericContext, int index) => 0;

        public int GetFunctionPointerType(MethodSignature<int> signature) => 0;

        public int GetModifiedType(int modifier, int unmodifiedType, bool isRequired) => 0;
    }
}
