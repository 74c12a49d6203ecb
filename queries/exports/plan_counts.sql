-- An export plan counted: products to send by change (added, changed, unchanged) and removals, with the
-- selected and blocked products of the view.
-- params:
SELECT
    (SELECT count(*) FROM export_plan WHERE change = 'added') AS added,
    (SELECT count(*) FROM export_plan WHERE change = 'changed') AS changed,
    (SELECT count(*) FROM export_plan WHERE change = 'unchanged') AS unchanged,
    (SELECT count(*) FROM export_plan WHERE change = 'removed') AS removed,
    (SELECT count(*) FROM export_view WHERE selected) AS selected,
    (SELECT count(*) FROM export_view WHERE selected AND (channel_block IS NOT NULL OR blocked_by IS NOT NULL))
        AS blocked
