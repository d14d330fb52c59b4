ALTER TABLE "assessments" ALTER COLUMN "declaration_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "assessments" ALTER COLUMN "declaration_sha256" DROP NOT NULL;