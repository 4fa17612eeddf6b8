using Obscura.Engine.Generate.Templates.Internal;
using static Obscura.Engine.Generate.Templates.Internal.Specs;

namespace Obscura.Engine.Generate.Templates.Domains;

/// <summary>
/// Patient registry of a group of clinics: clinics, physicians, patients, a diagnosis code list (text key),
/// encounters, the diagnoses of each encounter (composite key) and prescriptions.
/// </summary>
internal static class HealthcareTemplate
{
    public static DomainTemplate Create() => new(
        "healthcare",
        "patient registry: clinics, physicians, patients, diagnoses (ICD-10-style codes), encounters, prescriptions",
        [
            new("healthcare", 3), new("hospital", 3), new("clinic", 3), new("patient", 3), new("medical", 3), new("ehr", 3), new("emr", 3),
            new("health record", 3), new("health", 2), new("physician", 2), new("doctor", 2), new("nurse", 2), new("diagnosis", 2),
            new("diagnoses", 2), new("icd", 2), new("prescription", 2), new("pharmacy", 2), new("care", 1), new("registry", 1),
            new("appointment", 1), new("treatment", 2), new("medicine", 2), new("surgery", 2), new("gp", 2),
        ],
        [],
        [
            new("clinics", HealthcareVocabulary.Clinics.Length, MaxRows: HealthcareVocabulary.Clinics.Length),
            new("diagnoses", HealthcareVocabulary.Diagnoses.Length, MaxRows: HealthcareVocabulary.Diagnoses.Length),
            new("physicians", 150),
            new("patients", 10_000),
            new("encounters", 40_000, ScalesWith: "patients", Ratio: 4),
            new("encounter_diagnoses", 64_000, ScalesWith: "encounters", Ratio: 1.6),
            new("prescriptions", 32_000, ScalesWith: "encounters", Ratio: 0.8),
        ],
        Build);

    private static IReadOnlyList<TableBuilder> Build(string? variant, string? locale)
    {
        var clinics = new TableBuilder("clinics")
            .Id("clinic_id", 32)
            .Text("name", 120, false, InOrder(HealthcareVocabulary.Clinics.Select(c => c.Name)))
            .Text("clinic_type", 30, false, InOrder(HealthcareVocabulary.Clinics.Select(c => c.Type)))
            .Text("city", 100, false, Faker("city", locale))
            .Text("phone", 32, false, Faker("phone", locale))
            .Date("opened_on", false, Dates(1975, 1, 2021, 12))
            .Unique("name")
            .Check("clinic_type", "clinic_type IN ('general_practice', 'hospital', 'specialist_centre', 'urgent_care')");

        var diagnoses = new TableBuilder("diagnoses")
            .Text("diagnosis_code", 8, false, InOrder(HealthcareVocabulary.Diagnoses.Select(d => d.Code)))
            .Text("name", 200, false, InOrder(HealthcareVocabulary.Diagnoses.Select(d => d.Name)))
            .Text("chapter", 80, false, InOrder(HealthcareVocabulary.Diagnoses.Select(d => HealthcareVocabulary.Chapter(d.Code))))
            .Boolean("is_chronic", false, InOrder(HealthcareVocabulary.Diagnoses.Select(d => d.Chronic ? "true" : "false")))
            .PrimaryKey("diagnosis_code");

        var physicians = new TableBuilder("physicians")
            .Id("physician_id", 32)
            .Integer("clinic_id", 32, false, null)
            .Text("first_name", 60, false, Faker("first_name", locale))
            .Text("last_name", 60, false, Faker("last_name", locale))
            .Text("email", 254, false, Template("{first_name}.{last_name}@clinic.example.org"))
            .Text("license_number", 12, false, Shape("MD-9999999"))
            .Text("specialty", 40, false, Weighted(HealthcareVocabulary.Specialties.Select((s, i) => (s, i == 0 ? 6.0 : 1.0)).ToArray()))
            .Date("hired_on", false, Dates(1995, 1, 2026, 6))
            .Unique("license_number")
            .References("clinic_id", "clinics", "clinic_id")
            .CheckIn("specialty");

        var patients = new TableBuilder("patients")
            .Id("patient_id")
            .Text("medical_record_number", 16, false, Shape("MRN-99999999"))
            .Text("first_name", 60, false, Faker("first_name", locale))
            .Text("last_name", 60, false, Faker("last_name", locale))
            .Date("date_of_birth", false, Faker("date_of_birth", locale))
            .Text("sex", 1, false, Weighted(("F", 0.505), ("M", 0.49), ("X", 0.005)))
            .Text("blood_type", 3, true, Weighted(("O+", 0.37), ("A+", 0.33), ("B+", 0.09), ("AB+", 0.03), ("O-", 0.07), ("A-", 0.06), ("B-", 0.02), ("AB-", 0.01)) with { NullRatio = 0.3 })
            .Text("phone", 32, true, Faker("phone", locale, 0.08))
            .Text("email", 254, true, Template("{first_name}.{last_name}@example.net", 0.35))
            .Text("street_address", 200, false, Faker("street_address", locale))
            .Text("city", 100, false, Faker("city", locale))
            .Text("postal_code", 20, false, Faker("postal_code", locale))
            .Integer("primary_clinic_id", 32, true, null)
            .Timestamp("registered_at", false, Dates(2010, 1, 2026, 10))
            .Unique("medical_record_number")
            .References("primary_clinic_id", "clinics", "clinic_id")
            .CheckIn("sex")
            .CheckIn("blood_type");

        var encounters = new TableBuilder("encounters")
            .Id("encounter_id")
            .Integer("patient_id", 64, false, null)
            .Integer("physician_id", 32, false, null)
            .Integer("clinic_id", 32, false, null)
            .Text("encounter_type", 20, false, Weighted(("outpatient", 0.55), ("follow_up", 0.2), ("telehealth", 0.12), ("emergency", 0.08), ("inpatient", 0.05)))
            .Timestamp("started_at", false, Dates(2015, 1, 2026, 10))
            .Integer("length_of_stay_days", 32, false, Histogram(0, (0, 1, 0.93), (1, 4, 0.05), (4, 15, 0.018), (15, 60, 0.002)))
            .Decimal("systolic_bp", 5, 1, true, Histogram(0, (95, 120, 0.45), (120, 140, 0.38), (140, 180, 0.17)) with { NullRatio = 0.3 })
            .Decimal("temperature_c", 4, 1, true, Histogram(1, (35.8, 37.3, 0.9), (37.3, 39.5, 0.1)) with { NullRatio = 0.4 })
            .References("patient_id", "patients", "patient_id", FanOut((0, 0.1), (1, 0.2), (2, 0.18), (3, 0.14), (4, 0.11), (6, 0.12), (8, 0.08), (12, 0.05), (20, 0.02)))
            .References("physician_id", "physicians", "physician_id")
            .References("clinic_id", "clinics", "clinic_id")
            .Index("started_at")
            .CheckIn("encounter_type")
            .Check("length_of_stay_days", "length_of_stay_days BETWEEN 0 AND 365")
            .Check("systolic_bp", "systolic_bp BETWEEN 50 AND 260")
            .Check("temperature_c", "temperature_c BETWEEN 30 AND 45");

        var encounterDiagnoses = new TableBuilder("encounter_diagnoses")
            .Integer("encounter_id", 64, false, null)
            .Text("diagnosis_code", 8, false, null)
            .Boolean("is_primary", false, Flag(0.6))
            .Text("certainty", 12, false, Weighted(("confirmed", 0.8), ("provisional", 0.15), ("ruled_out", 0.05)))
            .PrimaryKey("encounter_id", "diagnosis_code")
            .References("encounter_id", "encounters", "encounter_id", FanOut((1, 0.55), (2, 0.28), (3, 0.11), (4, 0.06)), onDelete: "CASCADE")
            .References("diagnosis_code", "diagnoses", "diagnosis_code")
            .CheckIn("certainty");

        var prescriptions = new TableBuilder("prescriptions")
            .Id("prescription_id")
            .Integer("encounter_id", 64, false, null)
            .Text("medication", 60, false, Choice(HealthcareVocabulary.Medications))
            .Decimal("dose_mg", 8, 2, false, Weighted(("5", 0.15), ("10", 0.18), ("20", 0.16), ("40", 0.1), ("100", 0.1), ("250", 0.08), ("500", 0.15), ("1000", 0.08)))
            .Text("frequency", 20, false, Weighted(("once_daily", 0.5), ("twice_daily", 0.25), ("three_times_daily", 0.1), ("as_needed", 0.12), ("weekly", 0.03)))
            .Integer("days_supply", 32, false, Weighted(("7", 0.25), ("14", 0.15), ("28", 0.35), ("56", 0.1), ("84", 0.15)))
            .Integer("refills", 16, false, Weighted(("0", 0.55), ("1", 0.15), ("2", 0.1), ("3", 0.1), ("5", 0.1)))
            .References("encounter_id", "encounters", "encounter_id", onDelete: "CASCADE")
            .Check("dose_mg", "dose_mg > 0")
            .CheckIn("frequency")
            .Check("days_supply", "days_supply BETWEEN 1 AND 365")
            .Check("refills", "refills BETWEEN 0 AND 12");

        return [clinics, diagnoses, physicians, patients, encounters, encounterDiagnoses, prescriptions];
    }
}
