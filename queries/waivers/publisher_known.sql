-- Whether any product or finding names this publisher.
-- params: publisher
SELECT EXISTS (SELECT 1 FROM findings WHERE publisher = $publisher)
    OR EXISTS (SELECT 1 FROM catalog WHERE ccf.publisher = $publisher)
