using System.Globalization;
using Obscura.Engine.Generate.Templates.Internal;
using static Obscura.Engine.Generate.Templates.Internal.Specs;

namespace Obscura.Engine.Generate.Templates.Domains;

/// <summary>Retail bank: branches, account products (text key), customers, accounts, cards and transactions.</summary>
internal static class BankingTemplate
{
    public static DomainTemplate Create() => new(
        "banking",
        "retail bank: branches, account types, customers, accounts, cards, transactions",
        [
            new("bank", 3), new("banking", 3), new("fintech", 3), new("core banking", 3), new("ledger", 2), new("payment", 2),
            new("transaction", 2), new("account", 1), new("deposit", 2), new("loan", 2), new("mortgage", 2), new("credit card", 3),
            new("debit card", 3), new("card", 1), new("wallet", 2), new("finance", 2), new("financial", 2), new("money", 1),
            new("savings", 2), new("teller", 2), new("atm", 2), new("iban", 3), new("branch", 1), new("lending", 2), new("credit union", 3),
        ],
        [],
        [
            new("branches", BankingVocabulary.Branches.Length, MaxRows: BankingVocabulary.Branches.Length),
            new("account_types", BankingVocabulary.AccountTypes.Length, MaxRows: BankingVocabulary.AccountTypes.Length),
            new("customers", 5_000),
            new("accounts", 8_500, ScalesWith: "customers", Ratio: 1.7),
            new("cards", 6_800, ScalesWith: "accounts", Ratio: 0.8),
            new("transactions", 255_000, ScalesWith: "accounts", Ratio: 30),
        ],
        Build);

    private static IReadOnlyList<TableBuilder> Build(string? variant, string? locale)
    {
        var branches = new TableBuilder("branches")
            .Id("branch_id", 32)
            .Text("branch_code", 8, false, InOrder(Enumerable.Range(1, BankingVocabulary.Branches.Length).Select(i => "BR-" + i.ToString("000", CultureInfo.InvariantCulture))))
            .Text("name", 80, false, InOrder(BankingVocabulary.Branches))
            .Text("city", 100, false, Faker("city", locale))
            .Text("phone", 32, false, Faker("phone", locale))
            .Date("opened_on", false, Dates(1960, 1, 2022, 12))
            .Unique("branch_code");

        var accountTypes = new TableBuilder("account_types")
            .Text("type_code", 12, false, InOrder(BankingVocabulary.AccountTypes.Select(t => t.Code)))
            .Text("name", 60, false, InOrder(BankingVocabulary.AccountTypes.Select(t => t.Name)))
            .Text("family", 10, false, InOrder(BankingVocabulary.AccountTypes.Select(t => t.Family)))
            .Decimal("interest_rate_pct", 6, 3, false, InOrder(BankingVocabulary.AccountTypes.Select(t => t.Rate)))
            .PrimaryKey("type_code")
            .Unique("name")
            .Check("family", "family IN ('deposit', 'credit', 'loan')")
            .Check("interest_rate_pct", "interest_rate_pct BETWEEN 0 AND 100");

        var customers = new TableBuilder("customers")
            .Id("customer_id")
            .Text("first_name", 60, false, Faker("first_name", locale))
            .Text("last_name", 60, false, Faker("last_name", locale))
            .Text("email", 254, false, Template("{first_name}.{last_name}@example.com"))
            .Text("phone", 32, true, Faker("phone", locale, 0.05))
            .Date("date_of_birth", false, Faker("date_of_birth", locale))
            .Text("street_address", 200, false, Faker("street_address", locale))
            .Text("city", 100, false, Faker("city", locale))
            .Text("postal_code", 20, false, Faker("postal_code", locale))
            .Integer("home_branch_id", 32, false, null)
            .Text("segment", 12, false, Weighted(("retail", 0.78), ("premier", 0.12), ("private", 0.02), ("business", 0.08)))
            .Text("risk_rating", 8, false, Weighted(("low", 0.8), ("medium", 0.17), ("high", 0.03)))
            .Text("kyc_status", 10, false, Weighted(("verified", 0.93), ("pending", 0.06), ("rejected", 0.01)))
            .Date("customer_since", false, Dates(1995, 1, 2026, 10))
            .Unique("email")
            .References("home_branch_id", "branches", "branch_id")
            .CheckIn("segment")
            .CheckIn("risk_rating")
            .CheckIn("kyc_status");

        var accounts = new TableBuilder("accounts")
            .Id("account_id")
            .Integer("customer_id", 64, false, null)
            .Text("account_type", 12, false, null)
            .Text("iban", 34, false, Faker("iban", locale))
            .Text("currency", 3, false, Weighted(("USD", 0.6), ("EUR", 0.25), ("GBP", 0.1), ("CHF", 0.05)))
            .Decimal("balance", 14, 2, false, Histogram(2, (-5_000, 0, 0.08), (0, 1_000, 0.35), (1_000, 10_000, 0.4), (10_000, 100_000, 0.15), (100_000, 1_000_000, 0.02)))
            .Decimal("overdraft_limit", 10, 2, false, Weighted(("0", 0.6), ("500", 0.2), ("1000", 0.12), ("5000", 0.08)))
            .Text("status", 10, false, Weighted(("active", 0.86), ("dormant", 0.07), ("frozen", 0.01), ("closed", 0.06)))
            .Date("opened_on", false, Dates(2000, 1, 2026, 10))
            .Unique("iban")
            .References("customer_id", "customers", "customer_id", FanOut((1, 0.5), (2, 0.32), (3, 0.12), (4, 0.06)))
            .References("account_type", "account_types", "type_code")
            .CheckIn("currency")
            .CheckIn("status")
            .Check("balance", "balance >= -1000000")
            .Check("overdraft_limit", "overdraft_limit >= 0");

        var cards = new TableBuilder("cards")
            .Id("card_id")
            .Integer("account_id", 64, false, null)
            .Text("card_number", 19, false, Faker("credit_card", locale))
            .Text("network", 12, false, Weighted(("visa", 0.55), ("mastercard", 0.38), ("amex", 0.07)))
            .Text("card_type", 10, false, Weighted(("debit", 0.68), ("credit", 0.28), ("prepaid", 0.04)))
            .Date("expires_on", false, Dates(2026, 1, 2031, 12))
            .Text("status", 10, false, Weighted(("active", 0.9), ("blocked", 0.03), ("expired", 0.04), ("lost", 0.03)))
            .Unique("card_number")
            .References("account_id", "accounts", "account_id")
            .CheckIn("network")
            .CheckIn("card_type")
            .CheckIn("status");

        var transactions = new TableBuilder("transactions")
            .Id("transaction_id")
            .Integer("account_id", 64, false, null)
            .Timestamp("posted_at", false, Dates(2023, 1, 2026, 10))
            .Text("direction", 6, false, Weighted(("debit", 0.82), ("credit", 0.18)))
            .Decimal("amount", 12, 2, false, Histogram(2, (0.5, 20, 0.38), (20, 100, 0.37), (100, 500, 0.17), (500, 5_000, 0.07), (5_000, 50_000, 0.01)))
            .Text("category", 20, false, new ChoiceValueSpec(BankingVocabulary.TransactionCategories, BankingVocabulary.CategoryWeights))
            .Text("merchant_name", 80, true, Choice(BankingVocabulary.Merchants) with { NullRatio = 0.3 })
            .Text("channel", 14, false, Weighted(("card", 0.55), ("online", 0.18), ("direct_debit", 0.1), ("transfer", 0.1), ("atm", 0.05), ("branch", 0.02)))
            .Text("reference", 18, false, Shape("AAAA9999999999"))
            .References("account_id", "accounts", "account_id", FanOut((2, 0.1), (10, 0.2), (20, 0.25), (35, 0.25), (60, 0.15), (120, 0.05)))
            .Index("posted_at")
            .CheckIn("direction")
            .Check("amount", "amount > 0")
            .CheckIn("category")
            .CheckIn("channel");

        return [branches, accountTypes, customers, accounts, cards, transactions];
    }
}
