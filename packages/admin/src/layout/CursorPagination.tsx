import ChevronLeft from "@mui/icons-material/ChevronLeft";
import ChevronRight from "@mui/icons-material/ChevronRight";
import Box from "@mui/material/Box";
import IconButton from "@mui/material/IconButton";
import Typography from "@mui/material/Typography";
import { Pagination, useListPaginationContext, useTranslate, type PaginationActionsProps } from "react-admin";

/**
 * Previous/next only: the API pages with keyset cursors, so jumping to page 57 would mean walking
 * 56 pages. The total still comes from `totalCount`.
 */
const PrevNextActions = ({ page, count, rowsPerPage, onPageChange }: PaginationActionsProps) => {
  const translate = useTranslate();
  const { hasNextPage } = useListPaginationContext();
  const pages = count >= 0 ? Math.max(1, Math.ceil(count / rowsPerPage)) : undefined;
  const canGoNext = pages !== undefined ? page + 1 < pages : !!hasNextPage;
  return (
    <Box sx={{ display: "flex", alignItems: "center", flexShrink: 0, ml: 2 }}>
      <IconButton aria-label={translate("ra.navigation.previous")} disabled={page === 0} onClick={(e) => onPageChange(e.nativeEvent, page - 1)} size="small">
        <ChevronLeft />
      </IconButton>
      <Typography variant="body2" sx={{ mx: 1, whiteSpace: "nowrap" }} data-testid="page-indicator">
        {pages !== undefined ? translate("tessera.pagination.page_of", { page: page + 1, pages }) : translate("tessera.pagination.page", { page: page + 1 })}
      </Typography>
      <IconButton aria-label={translate("ra.navigation.next")} disabled={!canGoNext} onClick={(e) => onPageChange(e.nativeEvent, page + 1)} size="small">
        <ChevronRight />
      </IconButton>
    </Box>
  );
};

export const CursorPagination = () => <Pagination rowsPerPageOptions={[10, 25, 50, 100]} actions={PrevNextActions} />;
