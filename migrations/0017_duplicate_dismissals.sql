CREATE TABLE "duplicate_dismissals" (
	"customer_a" uuid NOT NULL,
	"customer_b" uuid NOT NULL,
	"dismissed_by" text NOT NULL,
	"dismissed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "duplicate_dismissals_customer_a_customer_b_pk" PRIMARY KEY("customer_a","customer_b")
);
--> statement-breakpoint
ALTER TABLE "duplicate_dismissals" ADD CONSTRAINT "duplicate_dismissals_customer_a_customers_id_fk" FOREIGN KEY ("customer_a") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duplicate_dismissals" ADD CONSTRAINT "duplicate_dismissals_customer_b_customers_id_fk" FOREIGN KEY ("customer_b") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;