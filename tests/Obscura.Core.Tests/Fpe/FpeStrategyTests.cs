using Obscura.Core.Crypto;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;

namespace Obscura.Core.Tests.Fpe;

public sealed class FpeStrategyTests
{
    [Theory]
    [MemberData(nameof(FpeVectors.Ff1Samples), MemberType = typeof(FpeVectors))]
    [MemberData(nameof(FpeVectors.Ff1Acvp), MemberType = typeof(FpeVectors))]
    public void Explicit_key_and_tweak_reproduce_the_FF1_vectors(string key, string tweak, string alphabet, string plaintext, string ciphertext)
    {
        (string, object?)[] args = [("key", key), ("tweak", tweak), ("alphabet", alphabet)];
        var column = FpeBinding.Text();
        Assert.Empty(Problems(FpeBinding.For(column, args)));
        Assert.Equal(ciphertext, FpeBinding.Encryptor(column, args).Transform(plaintext));
        Assert.Equal(plaintext, FpeBinding.Decryptor(column, args).Transform(ciphertext));
    }

    [Theory]
    [MemberData(nameof(FpeVectors.Ff31Acvp), MemberType = typeof(FpeVectors))]
    public void Explicit_key_and_tweak_reproduce_the_FF31_vectors(string key, string tweak, string alphabet, string plaintext, string ciphertext)
    {
        (string, object?)[] args = [("algorithm", "ff3-1"), ("key", key), ("tweak", tweak), ("alphabet", alphabet)];
        var column = FpeBinding.Text();
        Assert.Empty(Problems(FpeBinding.For(column, args)));
        Assert.Equal(ciphertext, FpeBinding.Encryptor(column, args).Transform(plaintext));
        Assert.Equal(plaintext, FpeBinding.Decryptor(column, args).Transform(ciphertext));
    }

    [Fact]
    public void Characters_outside_the_alphabet_stay_in_place_and_the_rest_is_the_FF1_ciphertext()
    {
        // NIST FF1 sample #1 with separators around and between the digits.
        (string, object?)[] args = [("key", "2B7E151628AED2A6ABF7158809CF4F3C")];
        var transformer = FpeBinding.Encryptor(FpeBinding.Text(), args);
        Assert.Equal("+2 (433) 477-484", transformer.Transform("+0 (123) 456-789"));
        Assert.Equal("+26 (525) 703-8637", transformer.Transform("+91 (987) 654-3210")); // the example in docs/strategies-fpe.md
    }

    [Fact]
    public void Named_alphabets_equal_their_explicit_characters()
    {
        var named = FpeBinding.Encryptor(FpeBinding.Text(), ("alphabet", "alnum_lower")).Transform("0123456789abcdefghi");
        var explicitChars = FpeBinding.Encryptor(FpeBinding.Text(), ("alphabet", FpeVectors.Base36)).Transform("0123456789abcdefghi");
        Assert.Equal(named, explicitChars);
    }

    [Fact]
    public void Derived_keys_do_not_depend_on_table_or_column()
    {
        var args = FpeBinding.Arguments();
        var one = FpeBinding.Strategy.Create(FpeBinding.For(FpeBinding.Text("card"), args, table: "payments"));
        var two = FpeBinding.Strategy.Create(FpeBinding.For(FpeBinding.Text("card_number", 40), args, table: "orders"));
        Assert.Equal(one.Transform("4111-1111-1111-1111"), two.Transform("4111-1111-1111-1111"));
    }

    [Fact]
    public void Text_digits_and_integer_columns_share_the_derived_key()
    {
        var text = FpeBinding.Encryptor(FpeBinding.Text());
        var integer = FpeBinding.Encryptor(FpeBinding.Integer());
        var encrypted = (string)text.Transform("123456789012")!;
        // Same key and FF1 permutation: the integer result is the text result, walked on past leading zeros.
        if (encrypted[0] != '0') Assert.Equal(long.Parse(encrypted, System.Globalization.CultureInfo.InvariantCulture), integer.Transform(123456789012L));
    }

    [Fact]
    public void A_different_secret_gives_a_different_permutation()
    {
        var column = FpeBinding.Text();
        var one = FpeBinding.Strategy.Create(FpeBinding.For(column, FpeBinding.Arguments()));
        var two = FpeBinding.Strategy.Create(FpeBinding.For(column, FpeBinding.Arguments(), FpeBinding.OtherSecret));
        Assert.NotEqual(one.Transform("1234567890"), two.Transform("1234567890"));
    }

    [Fact]
    public void Toggling_allow_small_domain_keeps_the_outputs_of_long_values()
    {
        var strict = FpeBinding.Encryptor(FpeBinding.Text());
        var lenient = FpeBinding.Encryptor(FpeBinding.Text(), ("allow_small_domain", true));
        Assert.Equal(strict.Transform("98765432101"), lenient.Transform("98765432101"));
    }

    [Fact]
    public void Ff31_with_a_derived_key_derives_its_tweak()
    {
        var column = FpeBinding.Text();
        var output = (string)FpeBinding.Encryptor(column, ("algorithm", "ff3-1")).Transform("555-0100-2233")!;
        Assert.Matches(@"^\d{3}-\d{4}-\d{4}$", output);
        Assert.Equal("555-0100-2233", FpeBinding.Decryptor(column, ("algorithm", "ff3-1")).Transform(output));
    }

    [Fact]
    public void Small_domains_are_refused_at_transform_time_naming_the_column_but_not_the_value()
    {
        var transformer = FpeBinding.Encryptor(FpeBinding.Text("pin"));
        var error = Assert.Throws<ObscuraException>(() => transformer.Transform("80-31"));
        Assert.Contains("public.people.pin", error.Message);
        Assert.Contains("1,000,000", error.Message);
        Assert.Contains("brute force", error.Message);
        Assert.Contains("allow_small_domain", error.Message);
        Assert.DoesNotContain("8031", error.Message);
        Assert.DoesNotContain("80-31", error.Message);
    }

    [Fact]
    public void Small_domains_are_refused_at_bind_time_when_the_column_type_makes_it_certain()
    {
        var problems = Problems(FpeBinding.For(FpeBinding.Text("pin", maxLength: 4)));
        var problem = Assert.Single(problems);
        Assert.Contains("1,000,000", problem.Message);
        Assert.Contains("allow_small_domain", problem.Message);
        Assert.Single(Problems(FpeBinding.For(FpeBinding.Integer("age", bits: 16))));
        Assert.Empty(Problems(FpeBinding.For(FpeBinding.Text("pin", maxLength: 4), ("allow_small_domain", true))));
        Assert.Empty(Problems(FpeBinding.For(FpeBinding.Text("code", maxLength: 4), ("alphabet", "alnum")))); // 62^4 > 10^6
        Assert.Empty(Problems(FpeBinding.For(FpeBinding.Integer("id", bits: 32))));
    }

    [Fact]
    public void Every_four_digit_string_maps_to_a_distinct_one_when_small_domains_are_allowed()
    {
        foreach (var algorithm in (string[])["ff1", "ff3-1"])
        {
            var encrypt = FpeBinding.Encryptor(FpeBinding.Text(), ("algorithm", algorithm), ("allow_small_domain", true));
            var decrypt = FpeBinding.Decryptor(FpeBinding.Text(), ("algorithm", algorithm), ("allow_small_domain", true));
            var outputs = new HashSet<string>();
            for (var i = 0; i < 10_000; i++)
            {
                var input = i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
                var output = (string)encrypt.Transform(input)!;
                Assert.Matches(@"^\d{4}$", output);
                Assert.Equal(input, decrypt.Transform(output));
                outputs.Add(output);
            }
            Assert.Equal(10_000, outputs.Count);
        }
    }

    [Theory]
    [InlineData(8, false)]
    [InlineData(8, true)]
    public void Every_value_of_a_small_integer_type_maps_to_a_distinct_value_of_the_same_sign_and_digit_count(int bits, bool unsigned)
    {
        var column = FpeBinding.Integer("n", bits, unsigned);
        var encrypt = FpeBinding.Encryptor(column, ("allow_small_domain", true));
        var decrypt = FpeBinding.Decryptor(column, ("allow_small_domain", true));
        var (min, max) = unsigned ? (0L, (1L << bits) - 1) : (-(1L << (bits - 1)), (1L << (bits - 1)) - 1);
        var outputs = new HashSet<long>();
        for (var x = min; x <= max; x++)
        {
            var y = (long)encrypt.Transform(x)!;
            Assert.InRange(y, min, max);
            Assert.Equal(x < 0, y < 0);
            Assert.Equal(Math.Abs(x).ToString(System.Globalization.CultureInfo.InvariantCulture).Length, Math.Abs(y).ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
            Assert.Equal(x, decrypt.Transform(y));
            outputs.Add(y);
        }
        Assert.Equal(max - min + 1, outputs.Count);
    }

    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    [InlineData(-1_000_000_000_000_000_000)]
    [InlineData(9_000_000_000_000_000_000)]
    public void Extreme_64_bit_integers_stay_in_range(long value)
    {
        var column = FpeBinding.Integer();
        var y = (long)FpeBinding.Encryptor(column).Transform(value)!;
        Assert.Equal(value < 0, y < 0);
        Assert.Equal(value, FpeBinding.Decryptor(column).Transform(y));
    }

    [Fact]
    public void Integers_with_fewer_than_six_digits_are_refused_without_allow_small_domain()
    {
        var transformer = FpeBinding.Encryptor(FpeBinding.Integer("id", 32));
        var error = Assert.Throws<ObscuraException>(() => transformer.Transform(4242L));
        Assert.Contains("public.people.id", error.Message);
        Assert.DoesNotContain("4242", error.Message);
        Assert.IsType<long>(transformer.Transform(424242L));
    }

    [Fact]
    public void Values_without_alphabet_characters_and_nulls_pass_through()
    {
        var transformer = FpeBinding.Encryptor(FpeBinding.Text());
        Assert.Equal("", transformer.Transform(""));
        Assert.Equal("--", transformer.Transform("--"));
        Assert.Null(transformer.Transform(null));
    }

    [Fact]
    public void Values_longer_than_ff31_allows_are_refused_with_a_hint()
    {
        var transformer = FpeBinding.Encryptor(FpeBinding.Text(), ("algorithm", "ff3-1"));
        var error = Assert.Throws<ObscuraException>(() => transformer.Transform(new string('7', 57)));
        Assert.Contains("ff1", error.Message);
    }

    [Theory]
    [InlineData("key", "2B7E15")]                    // not an AES key length
    [InlineData("key", "not hex at all!")]
    [InlineData("tweak", "123")]                     // odd number of hex digits
    [InlineData("key_bits", 100L)]
    [InlineData("alphabet", "aa")]                   // repeated character
    [InlineData("alphabet", "x")]                    // one character
    public void Invalid_arguments_are_reported(string name, object value) =>
        Assert.NotEmpty(Problems(FpeBinding.For(FpeBinding.Text(), (name, value))));

    [Fact]
    public void Ff31_needs_a_seven_byte_tweak_and_an_explicit_tweak_with_an_explicit_key()
    {
        Assert.NotEmpty(Problems(FpeBinding.For(FpeBinding.Text(), ("algorithm", "ff3-1"), ("tweak", "0011223344556677"))));
        var problem = Assert.Single(Problems(FpeBinding.For(FpeBinding.Text(), ("algorithm", "ff3-1"), ("key", "2DE79D232DF5585D68CE47882AE256D6"))));
        Assert.Contains("tweak", problem.Message);
    }

    [Fact]
    public void Integer_columns_only_take_the_digits_alphabet()
    {
        Assert.NotEmpty(Problems(FpeBinding.For(FpeBinding.Integer(), ("alphabet", "hex"))));
        Assert.Empty(Problems(FpeBinding.For(FpeBinding.Integer(), ("alphabet", "0123456789"))));
    }

    [Fact]
    public void Enum_columns_are_refused()
    {
        var column = FpeBinding.Text() with { EnumValues = ["a", "b"] };
        Assert.NotEmpty(Problems(FpeBinding.For(column)));
        Assert.NotEmpty(Problems(FpeBinding.For(column, ("allow_small_domain", true))));
    }

    [Fact]
    public void A_derived_key_needs_the_secret_but_an_explicit_key_does_not()
    {
        var column = FpeBinding.Text();
        var withoutSecret = FpeBinding.For(column, FpeBinding.Arguments()) with { Secret = null };
        Assert.Throws<InvalidOperationException>(() => FpeBinding.Strategy.Create(withoutSecret));
        var keyed = FpeBinding.For(column, FpeBinding.Arguments(("key", "2B7E151628AED2A6ABF7158809CF4F3C"))) with { Secret = null };
        Assert.Equal("2433477484", FpeBinding.Strategy.Create(keyed).Transform("0123456789"));
        Assert.True(FpeStrategy.UsesRunSecret(FpeBinding.Arguments()));
        Assert.False(FpeStrategy.UsesRunSecret(keyed.Arguments));
    }

    [Fact]
    public void The_strategy_describes_itself()
    {
        var strategy = FpeBinding.Strategy;
        Assert.Equal("fpe", strategy.Name);
        Assert.True(strategy.IsInjective);
        Assert.True(strategy.NeedsSecret);
        Assert.Equal([TypeClass.Text, TypeClass.Integer], strategy.AcceptedTypes.Order());
        Assert.Equal(["algorithm", "alphabet", "key", "tweak", "key_bits", "allow_small_domain"], strategy.Parameters.Select(p => p.Name));
    }

    private static IReadOnlyList<Diagnostic> Problems(StrategyBinding binding)
    {
        var bag = new DiagnosticBag();
        FpeBinding.Strategy.Validate(binding, "tables.people.columns.code", bag);
        return bag.Items;
    }
}
