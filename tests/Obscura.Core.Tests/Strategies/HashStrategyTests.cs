using FsCheck;
using FsCheck.Xunit;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;
using Obscura.Core.Strategies.Internal;
using Obscura.Core.Tests.Support;

namespace Obscura.Core.Tests.Strategies;

public sealed class HashStrategyTests
{
    [Property]
    public bool Text_output_fits_the_column_length(string? value, byte maxLength)
    {
        var column = Columns.Text("surname", 1 + maxLength % 40);
        var output = (string?)Bind.Transformer("hash", column).Transform(value);
        return value is null ? output is null : ColumnFit.Check(output, column) is null;
    }

    [Property(MaxTest = 300)]
    public void Hashing_utf8_bytes_gives_the_utf8_of_the_hashed_string(NonNull<string> value, byte length, byte alphabet)
    {
        var name = (alphabet % 3) switch { 0 => "hex", 1 => "base62", _ => "base32" };
        var transformer = (IUtf8TextTransformer)Bind.Transformer("hash", Columns.Text("t"), ["alphabet", name, "length", (long)(8 + length % 13)]);
        // Lone surrogates have no UTF-8 form; the wire never carries them.
        var text = new string(value.Get.Where(c => !char.IsSurrogate(c)).ToArray());
        var input = System.Text.Encoding.UTF8.GetBytes(text);
        var output = new byte[transformer.MaxOutputBytes(input.Length)];
        var written = transformer.TransformUtf8(input, output);
        Assert.Equal((string)transformer.Transform(text)!, System.Text.Encoding.UTF8.GetString(output, 0, written));
    }

    [Property]
    public bool Text_output_uses_only_the_alphabet(string value)
    {
        var output = (string)Bind.Transformer("hash", Columns.Text("t"), ["alphabet", "hex", "length", 32L]).Transform("x" + value)!;
        return output.Length == 32 && output.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
    }

    [Fact]
    public void Text_output_is_cut_to_the_length_parameter() =>
        Assert.Equal(10, ((string)Bind.Transformer("hash", Columns.Text("t", 200), ["length", 10L]).Transform("Sharma")!).Length);

    [Fact]
    public void Text_hash_is_deterministic_across_transformers() =>
        Assert.Equal(Bind.Transformer("hash", Columns.Text("a", 40)).Transform("Sharma"), Bind.Transformer("hash", Columns.Text("b", 40)).Transform("Sharma"));

    [Fact]
    public void Text_hash_is_the_same_in_every_table_and_column()
    {
        var one = Bind.For("hash", Columns.Text("surname", 40)) with { Table = new TableName("a", "x") };
        var two = Bind.For("hash", Columns.Text("family_name", 40)) with { Table = new TableName("b", "y") };
        var definition = Bind.Registry.Find("hash")!;
        Assert.Equal(definition.Create(one).Transform("Sharma"), definition.Create(two).Transform("Sharma"));
    }

    [Fact]
    public void Text_hash_differs_with_a_different_secret() =>
        Assert.NotEqual(Bind.Transformer("hash", Columns.Text("t")).Transform("Sharma"), Bind.Transformer("hash", Columns.Text("t"), secret: Bind.OtherSecret).Transform("Sharma"));

    [Fact]
    public void Text_hash_of_different_values_differs() =>
        Assert.NotEqual(Bind.Transformer("hash", Columns.Text("t")).Transform("Sharma"), Bind.Transformer("hash", Columns.Text("t")).Transform("Sharmb"));

    [Fact]
    public void Empty_text_stays_empty() => Assert.Equal("", Bind.Transformer("hash", Columns.Text("t")).Transform(""));

    [Theory]
    [InlineData(TypeClass.Text)]
    [InlineData(TypeClass.Integer)]
    [InlineData(TypeClass.Decimal)]
    [InlineData(TypeClass.Float)]
    [InlineData(TypeClass.Boolean)]
    [InlineData(TypeClass.Date)]
    [InlineData(TypeClass.DateTime)]
    [InlineData(TypeClass.DateTimeOffset)]
    [InlineData(TypeClass.Time)]
    [InlineData(TypeClass.Uuid)]
    [InlineData(TypeClass.Json)]
    [InlineData(TypeClass.Binary)]
    public void Null_stays_null_for_every_type(TypeClass type) => Assert.Null(Bind.Transformer("hash", Columns.Of("c", type)).Transform(null));

    [Fact]
    public void Json_output_is_a_json_string_literal()
    {
        var output = (string)Bind.Transformer("hash", Columns.Of("doc", TypeClass.Json)).Transform("{\"name\":\"Sharma\"}")!;
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal(System.Text.Json.JsonValueKind.String, doc.RootElement.ValueKind);
        Assert.DoesNotContain("Sharma", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Enum_column_gets_one_of_its_values()
    {
        var column = Columns.Text("gender") with { EnumValues = ["F", "M", "X"] };
        var transformer = Bind.Transformer("hash", column);
        foreach (var value in new[] { "F", "M", "X", "other" }) Assert.Contains((string)transformer.Transform(value)!, column.EnumValues);
    }

    [Theory]
    [InlineData(8, false)]
    [InlineData(16, false)]
    [InlineData(24, false)]
    [InlineData(32, false)]
    [InlineData(64, false)]
    [InlineData(8, true)]
    [InlineData(16, true)]
    [InlineData(24, true)]
    [InlineData(32, true)]
    [InlineData(64, true)]
    public void Integer_output_keeps_sign_and_fits_the_type(int bits, bool unsigned)
    {
        var column = Columns.Integer("id", bits, unsigned);
        var (min, max) = ColumnFit.IntegerRange(column);
        var transformer = Bind.Transformer("hash", column);
        var random = new Random(bits);
        for (var i = 0; i < 1000; i++)
        {
            var x = random.NextInt64(min, max) + (i % 2);
            var y = (long)transformer.Transform(x)!;
            Assert.InRange(y, min, max);
            Assert.Equal(x < 0, y < 0);
        }
    }

    [Fact]
    public void Integer_without_a_declared_width_uses_64_bits() =>
        Assert.IsType<long>(Bind.Transformer("hash", Columns.Integer("id", bits: null)).Transform(long.MaxValue));

    [Fact]
    public void Integer_hash_is_injective_on_a_dense_range()
    {
        var transformer = Bind.Transformer("hash", Columns.Integer("id", 32));
        var images = new HashSet<long>();
        for (long x = -5000; x < 5000; x++) Assert.True(images.Add((long)transformer.Transform(x)!));
    }

    [Fact]
    public void Integer_input_of_another_clr_type_is_converted() =>
        Assert.Equal(Bind.Transformer("hash", Columns.Integer("id")).Transform(42L), Bind.Transformer("hash", Columns.Integer("id")).Transform(42));

    [Property]
    public bool Decimal_output_fits_precision_and_scale(decimal value, byte precisionSeed, byte scaleSeed)
    {
        var precision = 1 + precisionSeed % 28;
        var scale = scaleSeed % (precision + 1);
        var column = Columns.Decimal("amount", precision, scale);
        var limit = (decimal)Math.Pow(10, precision - scale);
        var input = decimal.Round(value % limit, scale);
        if (Math.Abs(input) >= limit) return true;
        var output = (decimal)Bind.Transformer("hash", column).Transform(input)!;
        return ColumnFit.Check(output, column) is null && output.Scale == scale;
    }

    [Fact]
    public void Scale_zero_decimal_hash_is_injective()
    {
        var transformer = Bind.Transformer("hash", Columns.Decimal("aadhar", 12, 0));
        var images = new HashSet<decimal>();
        for (var x = 0m; x < 5000m; x++) Assert.True(images.Add((decimal)transformer.Transform(x)!));
    }

    [Fact]
    public void Decimal_with_unknown_precision_hashes_equal_values_equally() =>
        Assert.Equal(Bind.Transformer("hash", Columns.Decimal("n", null, null)).Transform(1.50m), Bind.Transformer("hash", Columns.Decimal("n", null, null)).Transform(1.5m));

    [Property]
    public bool Float_output_is_finite_and_deterministic(double value)
    {
        var a = (double)Bind.Transformer("hash", Columns.Of("f", TypeClass.Float)).Transform(value)!;
        var b = (double)Bind.Transformer("hash", Columns.Of("f", TypeClass.Float)).Transform(value)!;
        return double.IsFinite(a) && a >= 0 && a < 1_000_000 && a.Equals(b);
    }

    [Property]
    public bool Date_output_is_between_1900_and_2099(DateTime value)
    {
        var output = (DateOnly)Bind.Transformer("hash", Columns.Of("born", TypeClass.Date)).Transform(DateOnly.FromDateTime(value))!;
        return output.Year is >= 1900 and <= 2099;
    }

    [Property]
    public bool DateTime_output_is_between_1900_and_2099_at_whole_seconds(DateTime value)
    {
        var output = (DateTime)Bind.Transformer("hash", Columns.Of("at", TypeClass.DateTime)).Transform(DateTime.SpecifyKind(value, DateTimeKind.Unspecified))!;
        return output.Year is >= 1900 and <= 2099 && output.Ticks % TimeSpan.TicksPerSecond == 0;
    }

    [Property]
    public bool DateTimeOffset_output_is_utc_between_1900_and_2099(DateTime value)
    {
        var output = (DateTimeOffset)Bind.Transformer("hash", Columns.Of("at", TypeClass.DateTimeOffset)).Transform(new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)))!;
        return output.Offset == TimeSpan.Zero && output.Year is >= 1900 and <= 2099;
    }

    [Property]
    public bool Time_output_is_a_time_of_day(TimeSpan value)
    {
        var output = (TimeSpan)Bind.Transformer("hash", Columns.Of("t", TypeClass.Time)).Transform(value)!;
        return output >= TimeSpan.Zero && output < TimeSpan.FromDays(1);
    }

    [Fact]
    public void Boolean_output_is_a_boolean() => Assert.IsType<bool>(Bind.Transformer("hash", Columns.Of("b", TypeClass.Boolean)).Transform(true));

    [Fact]
    public void Uuid_hash_maps_distinct_inputs_to_distinct_outputs()
    {
        var transformer = Bind.Transformer("hash", Columns.Of("id", TypeClass.Uuid));
        var random = new Random(1);
        var inputs = new HashSet<Guid>();
        var outputs = new HashSet<Guid>();
        Span<byte> bytes = stackalloc byte[16];
        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(bytes);
            var g = new Guid(bytes);
            if (inputs.Add(g)) Assert.True(outputs.Add((Guid)transformer.Transform(g)!));
        }
        for (var i = 0; i < 256; i++)
        {
            var sequential = new Guid(i, 0, 0, new byte[8]);
            if (inputs.Add(sequential)) Assert.True(outputs.Add((Guid)transformer.Transform(sequential)!));
        }
    }

    [Fact]
    public void Uuid_hash_is_aes_128_of_the_rfc_4122_bytes_under_the_derived_key()
    {
        var binding = Bind.For("hash", Columns.Of("id", TypeClass.Uuid));
        using var aes = System.Security.Cryptography.Aes.Create();
        aes.Key = HashKeys.Derive(Bind.Secret, binding.Arguments).BlockKey;
        var input = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        var expected = new Guid(aes.EncryptEcb(input.ToByteArray(bigEndian: true), System.Security.Cryptography.PaddingMode.None), bigEndian: true);
        Assert.Equal(expected, Bind.Registry.Find("hash")!.Create(binding).Transform(input));
    }

    [Fact]
    public void Uuid_hash_is_deterministic() =>
        Assert.Equal(Bind.Transformer("hash", Columns.Of("id", TypeClass.Uuid)).Transform(Guid.Empty), Bind.Transformer("hash", Columns.Of("id", TypeClass.Uuid)).Transform(Guid.Empty));

    [Property]
    public bool Binary_output_fits_the_column_length(byte[]? value, byte maxLength)
    {
        var column = Columns.Of("photo", TypeClass.Binary) with { MaxLength = 1 + maxLength % 20 };
        var output = (byte[]?)Bind.Transformer("hash", column).Transform(value);
        return value is null ? output is null : ColumnFit.Check(output, column) is null && (value.Length == 0 || output!.Length > 0);
    }

    [Fact]
    public void Text_key_too_short_for_64_bits_gets_a_warning()
    {
        var bag = new DiagnosticBag();
        var binding = Bind.For("hash", Columns.Text("code", 8), key: true);
        Bind.Registry.Find("hash")!.Validate(binding, "p", bag);
        var warning = Assert.Single(bag.Items);
        Assert.Equal((Severity.Warning, DiagnosticCodes.ShortHashOnUnique), (warning.Severity, warning.Code));
    }

    [Fact]
    public void Short_hash_on_a_unique_column_that_is_no_key_is_left_to_the_engine_guard()
    {
        var bag = new DiagnosticBag();
        var hash = Bind.Registry.Find("hash")!;
        var binding = Bind.For("hash", Columns.Text("code", 8), unique: true);
        hash.Validate(binding, "p", bag);
        Assert.Empty(bag.Items);
        Assert.False(hash.IsInjectiveFor(binding));
        Assert.True(hash.RetriesOnCollision(binding));
        Assert.True(hash.IsInjectiveFor(Bind.For("hash", Columns.Integer("n", 32), unique: true)));
    }

    [Fact]
    public void Unique_text_column_with_room_for_64_bits_gets_no_warning()
    {
        var bag = new DiagnosticBag();
        Bind.Registry.Find("hash")!.Validate(Bind.For("hash", Columns.Text("code", 40), unique: true), "p", bag);
        Assert.Empty(bag.Items);
    }

    [Fact]
    public void A_length_beyond_the_alphabet_is_an_error()
    {
        var bag = new DiagnosticBag();
        Bind.Registry.Find("hash")!.Validate(Bind.For("hash", Columns.Text("code"), ["length", 40L]), "p", bag);
        Assert.Equal(DiagnosticCodes.ParameterOutOfRange, Assert.Single(bag.Items).Code);
    }

    [Fact]
    public void Creating_without_a_secret_fails_with_a_clear_message()
    {
        var binding = Bind.For("hash", Columns.Text("t")) with { Secret = null };
        var e = Assert.Throws<InvalidOperationException>(() => Bind.Registry.Find("hash")!.Create(binding));
        Assert.Contains("OBSCURA_SECRET", e.Message, StringComparison.Ordinal);
    }
}
