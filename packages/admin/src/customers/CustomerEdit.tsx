import { Edit, SaveButton, SimpleForm, Toolbar } from "react-admin";
import { CustomerInputs } from "./CustomerInputs";

// The API has no customer deletion (erasure is a data-subject request, a later issue): save only.
const SaveOnlyToolbar = () => (
  <Toolbar>
    <SaveButton />
  </Toolbar>
);

/**
 * Pessimistic so the API's answer decides: field errors land on the inputs and a stale
 * `expectedVersion` (someone saved meanwhile) is reported instead of silently overwritten.
 */
const CustomerEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show">
    <SimpleForm toolbar={<SaveOnlyToolbar />} warnWhenUnsavedChanges>
      <CustomerInputs />
    </SimpleForm>
  </Edit>
);

export default CustomerEdit;
