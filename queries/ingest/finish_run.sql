-- Close an ingest run with how the file was read, what it produced, and why it failed (if it did).
-- params: run_id, status, finished_at, format, onix_release, tag_style, namespace, encoding, sender_id, sender_name, message_number, sent_at, products, converted, rejected, skipped, conv_new, conv_changed, conv_unchanged, conv_deleted, error, error_line, error_column
UPDATE ingest_runs SET
    status = $status, finished_at = $finished_at, format = $format, onix_release = $onix_release,
    tag_style = $tag_style, namespace = $namespace, encoding = $encoding, sender_id = $sender_id,
    sender_name = $sender_name, message_number = $message_number, sent_at = $sent_at, products = $products,
    converted = $converted, rejected = $rejected, skipped = $skipped, conv_new = $conv_new,
    conv_changed = $conv_changed, conv_unchanged = $conv_unchanged, conv_deleted = $conv_deleted,
    error = $error, error_line = $error_line, error_column = $error_column
WHERE run_id = $run_id
