namespace Obscura.Engine.Generate.Templates.Domains;

/// <summary>Vocabulary of the banking template: account products, branches and merchants (invented) and transaction categories.</summary>
internal static class BankingVocabulary
{
    /// <summary>(code, name, family, annual interest rate in percent).</summary>
    public static readonly (string Code, string Name, string Family, string Rate)[] AccountTypes =
    [
        ("CHK_STD", "Everyday Checking", "deposit", "0.010"),
        ("CHK_PREM", "Premium Checking", "deposit", "0.050"),
        ("BIZ_CHK", "Business Checking", "deposit", "0.000"),
        ("SAV_STD", "Instant Access Savings", "deposit", "1.750"),
        ("SAV_HIGH", "High-Yield Savings", "deposit", "3.900"),
        ("TD_12M", "12-Month Term Deposit", "deposit", "4.250"),
        ("CC_STD", "Classic Credit Card", "credit", "21.900"),
        ("CC_REW", "Rewards Credit Card", "credit", "24.500"),
        ("LOAN_PERS", "Personal Loan", "loan", "8.900"),
        ("LOAN_AUTO", "Car Loan", "loan", "6.400"),
        ("MORT_FIX", "Fixed-Rate Mortgage", "loan", "4.100"),
        ("MORT_VAR", "Variable-Rate Mortgage", "loan", "4.700"),
    ];

    public static readonly string[] Branches =
    [
        "Harbour Street", "Market Square", "Riverside Plaza", "Old Town", "Northern Gate", "Station Road", "University Quarter", "Westfield Park",
        "High Street", "Cathedral Close", "Airport Business Park", "Lakeshore", "Hillcrest", "Docklands", "Kingsbridge", "Meadowvale",
        "Southpoint Mall", "Elm Avenue", "Financial District", "Greenway", "Bayview", "Orchard Road", "Millennium Square", "Eastgate", "Online Banking Centre",
    ];

    public static readonly string[] TransactionCategories =
    [
        "groceries", "dining", "rent", "mortgage_payment", "utilities", "telecom", "fuel", "public_transport", "travel", "shopping",
        "healthcare", "insurance", "entertainment", "subscriptions", "education", "salary", "transfer", "cash_withdrawal", "fees",
        "interest", "refund", "tax", "charity", "investments",
    ];

    /// <summary>Relative frequency of each category, same order as <see cref="TransactionCategories"/>.</summary>
    public static readonly double[] CategoryWeights =
    [
        16, 11, 2, 1.5, 4, 2, 5, 5, 2.5, 12, 2.5, 1.5, 4, 5, 1, 3, 8, 4, 1.5, 1, 1.5, 0.5, 0.8, 1.2,
    ];

    public static readonly string[] Merchants =
    [
        "Fresh Basket Market", "Metro Fuel", "Cityline Transit", "Corner Bistro", "Blue Door Coffee", "Northwind Grocers", "Sparkline Telecom",
        "Bright Power & Gas", "Silverscreen Cinemas", "StreamHub", "Pageturner Books", "Urban Threads", "HomeBase Hardware", "Harbour Pharmacy",
        "Skyway Airlines", "Coastline Hotels", "QuickCab", "Green Leaf Salads", "Pizzeria Napoli Verde", "FitLife Gym", "Petals & Stems Florist",
        "Techzone Electronics", "SafeHarbor Insurance", "Evergreen Utilities", "Campus Bookstore", "Sunrise Bakery", "MegaMart", "Parkside Parking",
    ];
}
