CREATE TABLE "assessment_reports" (
	"assessment_id" text PRIMARY KEY NOT NULL,
	"reports" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "report_counts" text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "cra_gaps" text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE "assessment_reports" ADD CONSTRAINT "assessment_reports_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessments_org_product_idx" ON "assessments" USING btree ("organization_id","product_id","created_at");--> statement-breakpoint
INSERT INTO "assessment_reports" ("assessment_id", "reports") SELECT "id", "reports" FROM "assessments";--> statement-breakpoint
UPDATE "assessments" SET
	"report_counts" = coalesce((
		SELECT jsonb_agg(
			jsonb_build_object(
				'framework', r.value #>> '{framework,id}',
				'byStatus', coalesce(r.value #> '{summary,byStatus}', '{}'::jsonb),
				'byBasis', coalesce(r.value #> '{summary,byBasis}', '{}'::jsonb),
				'gapsBySeverity', coalesce(r.value #> '{summary,gapsBySeverity}', '{}'::jsonb)
			) ORDER BY r.ord
		)
		FROM jsonb_array_elements("assessments"."reports"::jsonb) WITH ORDINALITY AS r(value, ord)
	), '[]'::jsonb)::text,
	"cra_gaps" = coalesce((
		SELECT jsonb_agg(
			jsonb_build_object('requirement', f.value ->> 'requirement', 'title', f.value ->> 'title')
			ORDER BY r.ord, f.ord
		)
		FROM jsonb_array_elements("assessments"."reports"::jsonb) WITH ORDINALITY AS r(value, ord),
			jsonb_array_elements(r.value -> 'findings') WITH ORDINALITY AS f(value, ord)
		WHERE r.value #>> '{framework,id}' = 'cra' AND f.value ->> 'status' = 'gap'
	), '[]'::jsonb)::text;
