CREATE TABLE `assessment_reports` (
	`assessment_id` text PRIMARY KEY NOT NULL,
	`reports` text NOT NULL,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `assessments` ADD `report_counts` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `assessments` ADD `cra_gaps` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
CREATE INDEX `assessments_org_product_idx` ON `assessments` (`organization_id`,`product_id`,`created_at`);--> statement-breakpoint
INSERT INTO `assessment_reports` (`assessment_id`, `reports`) SELECT `id`, `reports` FROM `assessments`;--> statement-breakpoint
UPDATE `assessments` SET
	`report_counts` = (
		SELECT json_group_array(json(entry)) FROM (
			SELECT json_object(
				'framework', r.value ->> '$.framework.id',
				'byStatus', json(coalesce(r.value -> '$.summary.byStatus', '{}')),
				'byBasis', json(coalesce(r.value -> '$.summary.byBasis', '{}')),
				'gapsBySeverity', json(coalesce(r.value -> '$.summary.gapsBySeverity', '{}'))
			) AS entry
			FROM json_each(`assessments`.`reports`) AS r
			ORDER BY r.key
		)
	),
	`cra_gaps` = (
		SELECT json_group_array(json(entry)) FROM (
			SELECT json_object('requirement', f.value ->> '$.requirement', 'title', f.value ->> '$.title') AS entry
			FROM json_each(`assessments`.`reports`) AS r, json_each(r.value, '$.findings') AS f
			WHERE r.value ->> '$.framework.id' = 'cra' AND f.value ->> '$.status' = 'gap'
			ORDER BY r.key, f.key
		)
	);
